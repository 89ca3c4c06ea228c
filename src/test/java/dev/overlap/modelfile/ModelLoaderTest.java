package dev.overlap.modelfile;

import dev.overlap.experiment.Models;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.overlap.TestModels;
import dev.overlap.modelfile.Kinds.Activation;
import dev.overlap.modelfile.Kinds.TimeUnit;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelLoaderTest {

    @Test
    void numbersMayBeExpressionsInDAndPEvaluatedAfterOverrides() {
        ModelSpec m = TestModels.phaseRetrieval("training.batch", "d * log(d)^2", "student.p", "ceil(log(d))",
                "training.learning-rate", "0.5 / p");
        assertEquals(Math.round(200 * Math.pow(Math.log(200), 2)), m.training().batch());
        assertEquals(6, m.student().p());
        assertEquals(0.5 / 6, m.training().learningRate(), 1e-15);
        ModelSpec big = TestModels.phaseRetrieval("training.batch", "d * log(d)^2", "d", "800");
        assertEquals(Math.round(800 * Math.pow(Math.log(800), 2)), big.training().batch(), "re-evaluated at the overridden d");
    }

    @Test
    void shippedXorModelsFollowTheirScalingsInD() {
        for (String name : new String[] {"xor", "xor-gaussian"}) {
            ModelSpec m = ModelLoader.load(Path.of("models/" + name + ".yaml"), Map.of("d", "400"));
            double log = Math.log(400);
            assertEquals((int) Math.ceil(log * log), m.student().p());
            assertEquals((int) Math.ceil(400 * log), m.training().batch());
            assertEquals(1 / (log * log), m.initial().scale(), 1e-15);
        }
    }

    @Test
    void shippedModelsLoadWithTheIssuesSettings() {
        for (int p : new int[] {1, 2}) {
            ModelSpec m = ModelLoader.load(Path.of("models/phase-retrieval-p" + p + ".yaml"));
            assertEquals(3000, m.d());
            assertEquals(p, m.student().p());
            assertEquals(Activation.SQUARE, m.teacher().activation());
            assertEquals(1e-4, m.teacher().noise());
            assertEquals(0.1, m.training().learningRate());
            assertTrue(m.training().spherical());
            assertEquals(9, m.initial().seed());
            assertEquals(10, m.run().tMax());
        }
    }

    @Test
    void defaultsAreFilledIn() {
        ModelSpec m = ModelLoader.parse("f", "fallback-name",
                "d: 10\nstudent: {p: 2, activation: erf}\nteacher: {activation: erf}\ntraining: {learning-rate: 0.5}\nrun: {t-max: 3}\n",
                Map.of());
        assertEquals("fallback-name", m.name());
        assertEquals(1, m.teacher().k());
        assertEquals(0.5, m.training().secondLayerLearningRate());
        assertEquals(1, m.training().batch());
        assertEquals(TimeUnit.NATURAL, m.run().timeUnit());
        assertEquals(0.01, m.exit().threshold());
        assertEquals(100, m.run().pointsPerDecade());
    }

    @Test
    void resolvedModelReadsBackToTheSameSpec() throws Exception {
        ModelSpec m = TestModels.phaseRetrieval("initial.kind", "overlaps", "initial.M", "[[0.1]]", "initial.Q", "[[1.0]]");
        String yaml = new ObjectMapper(new YAMLFactory()).writeValueAsString(ModelWriter.toTree(m));
        assertEquals(m, ModelLoader.parse("round-trip", "x", yaml, Map.of()));
    }

    @Test
    void commandLineOverridesWinAndAreNamedInErrors() {
        assertEquals(777, TestModels.phaseRetrieval("d", "777").d());
        SpecException e = assertThrows(SpecException.class, () -> TestModels.phaseRetrieval("d", "1"));
        assertEquals("command line: d: must be at least p + k = 2 (student.p + teacher.k), got 1", e.getMessage());
    }

    /**
     * An unknown key names the nearest known one: by its words' initials in the same section, else by edit distance
     * within a quarter of its length; far from every key, no suggestion. A section brought in by an override alone is
     * the command line's.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "training.lr | command line: training.lr: unknown key (did you mean training.learning-rate?)",
        "training.learnin-rate | command line: training.learnin-rate: unknown key (did you mean training.learning-rate?)",
        "student.activaton | command line: student.activaton: unknown key (did you mean student.activation?)",
        "trainig.batch | command line: trainig: unknown key (did you mean training?)",
        "run.tm | command line: run.tm: unknown key (did you mean run.t-max?)",
        "xyz | command line: xyz: unknown key",
    })
    void unknownKeysSuggestTheNearestKnownOne(String key, String expected) {
        SpecException e = assertThrows(SpecException.class, () -> TestModels.phaseRetrieval(key, "1"));
        assertEquals(expected, e.getMessage());
    }

    /** Each bad input gives one line naming the file and the key path. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "student.q | 3 | command line: student.q: unknown key",
        "training.learning-rate | -0.1 | learning-rate: must be > 0",
        "training.learning-rate | fast | training.learning-rate: expected a number or an expression in [p, d], got 'fast'",
        "training.batch | d * log( | training.batch: expected a number or an expression",
        "training.learning-rate | log(d-200) | training.learning-rate: expression 'log(d-200)' is not finite",
        "training.batch | 0 | training.batch: must be at least 1",
        "training.batch | 1.5 | training.batch: expected a whole number",
        "training.spherical | yes-please | training.spherical: expected true or false",
        "student.p | 500 | d: must be at least p + k = 501",
        "student.activation | sigmoid | student.activation: expected one of square | erf | relu | tanh | he3 | linear, got 'sigmoid'",
        "teacher.target | xor | teacher.k: target xor needs k = 2, got 1",
        "teacher.noise | -1 | teacher.noise: label-noise variance must be >= 0",
        "exit.threshold | 1.5 | exit.threshold: risk-drop fraction must lie in (0, 1)",
        "exit.criterion | error | exit.criterion: error needs labels +-1",
        "run.t-max | 0 | run.t-max: must be > 0",
        "initial.kind | overlaps | initial.M: required with kind: overlaps",
        "initial.kind | balanced | initial.scale: required key is missing",
        "initial.a | [1, 2] | initial.a: needs p = 1 entries, got 2",
        "initial.second-layer-ratio | 2 | initial.second-layer-ratio: is only used with kind: balanced",
    })
    void badInputIsOneLineNamingTheKey(String key, String value, String expected) {
        SpecException e = assertThrows(SpecException.class, () -> TestModels.phaseRetrieval(key, value));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().lines().count() == 1, "one line");
    }

    @Test
    void overlapMatricesOfTheWrongShapeOrNotPsdAreRejected() {
        String[] base = {"student.p", "2", "initial.kind", "overlaps"};
        assertMessage("initial.M: must be p x k = 2x1, got 1x1", base, "initial.M", "[[0.1]]", "initial.Q", "[[1, 0], [0, 1]]");
        assertMessage("initial.Q: must be p x p = 2x2, got 1x1", base, "initial.M", "[[0.1], [0.2]]", "initial.Q", "[[1]]");
        assertMessage("initial.Q: must be symmetric", base, "initial.M", "[[0.1], [0.2]]", "initial.Q", "[[1, 0.5], [0.4, 1]]");
        assertMessage("is not positive semi-definite", base, "initial.M", "[[0.9], [-0.9]]", "initial.Q", "[[1, 0.5], [0.5, 1]]");
        assertMessage("diagonal must be 1 with training.spherical: true", base, "initial.M", "[[0.1], [0.2]]",
                "initial.Q", "[[2, 0], [0, 1]]");
        assertMessage("initial.M: row 1 has 2 entries, row 0 has 1", base, "initial.M", "[[0.1], [0.2, 0.3]]",
                "initial.Q", "[[1, 0], [0, 1]]");
    }

    @Test
    void fileErrorsNameTheFile() {
        SpecException missing = assertThrows(SpecException.class, () -> ModelLoader.load(Path.of("models/nope.yaml")));
        assertEquals("models/nope.yaml: no such file", missing.getMessage());
        SpecException yaml = assertThrows(SpecException.class,
                () -> ModelLoader.parse("bad.yaml", "bad", "d: [1, 2\nstudent: {", Map.of()));
        assertTrue(yaml.getMessage().startsWith("bad.yaml: not valid YAML"), yaml.getMessage());
        SpecException missingKey = assertThrows(SpecException.class,
                () -> ModelLoader.parse("m.yaml", "m", "student: {p: 1, activation: square}\n", Map.of()));
        assertEquals("m.yaml: d: required key is missing", missingKey.getMessage());
    }

    private static void assertMessage(String expected, String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        SpecException e = assertThrows(SpecException.class, () -> TestModels.phaseRetrieval(all));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}

package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.overlap.modelfile.ModelLoader;
import dev.overlap.modelfile.ModelSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated bad input: from every shipped model file, a fixed set of mutants (no randomness, so the
 * same set every run) — deleted required keys, misspelt keys and sections, wrong types, negative, zero,
 * non-finite and huge numbers, non-PSD and mis-shaped matrices, unknown enum values, duplicate keys and
 * sections, bad expressions, empty, binary and multi-document files, bad --set paths. Each must give exit
 * code 2, exactly one line on stderr naming the file or the command line and the key, no stack trace, no
 * file written, within 5 s.
 */
class ModelFuzzTest {
    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @TempDir
    static Path tmp;

    /** One bad input: the model text, extra command-line arguments, and what the error must name. */
    record Mutant(String name, String text, List<String> extra, String key) {
    }

    @TestFactory
    Stream<DynamicTest> everyMutantIsRefusedCleanly() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> models;
        try (Stream<Path> files = Files.list(Path.of("models"))) {
            models = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path model : models) {
            List<Mutant> mutants = mutants(model);
            assertTrue(mutants.size() >= 200, model + ": only " + mutants.size() + " mutants");
            for (int i = 0; i < mutants.size(); i++) {
                Mutant m = mutants.get(i);
                String id = model.getFileName() + "-" + i;
                tests.add(DynamicTest.dynamicTest(id + ": " + m.name(), () -> check(id, m)));
            }
        }
        return tests.stream();
    }

    private static void check(String id, Mutant m) throws IOException {
        Path file = tmp.resolve(id + ".yaml");
        Files.writeString(file, m.text());
        Path out = tmp.resolve("out-" + id);
        List<String> args = new ArrayList<>(List.of("run", "--model", file.toString(), "--out", out.toString()));
        args.addAll(m.extra());
        StringWriter err = new StringWriter();
        StringWriter stdout = new StringWriter();
        int code = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> OverlapCommand.commandLine()
                .setErr(new PrintWriter(err, true)).setOut(new PrintWriter(stdout, true)).execute(args.toArray(String[]::new)),
                () -> m.name() + " ran over 5 s");
        String e = err.toString().strip();
        assertEquals(2, code, m.name() + ": " + e);
        assertEquals(1, e.lines().count(), m.name() + ": one line on stderr, got: " + e);
        assertFalse(e.contains("\tat ") || e.contains("Exception"), m.name() + ": " + e);
        assertTrue(e.startsWith("error: " + file) || e.startsWith("error: command line"), m.name() + ": " + e);
        assertTrue(java.util.Arrays.stream(m.key().split("\\|")).anyMatch(e::contains),
                m.name() + ": the error names " + m.key() + ": " + e);
        assertFalse(Files.exists(out), m.name() + ": " + out + " was written");
    }

    /** The mutants of one model file, in a fixed order. */
    static List<Mutant> mutants(Path model) throws IOException {
        String text = Files.readString(model);
        ObjectNode tree = (ObjectNode) YAML.readTree(text);
        List<Mutant> out = new ArrayList<>();
        List<String> leaves = new ArrayList<>();
        leaves(tree, "", leaves);
        ModelSpec spec = ModelLoader.load(model);
        int p = spec.student().p();
        int k = spec.teacher().k();
        // deleted required keys
        for (String key : List.of("d", "student.p", "student.activation", "training.learning-rate", "run.t-max")) {
            out.add(mutant("delete " + key, remove(tree, key), key));
        }
        // misspelt keys and sections
        for (String leaf : leaves) {
            out.add(mutant("misspell " + leaf, rename(tree, leaf, leaf + "x"), leaf + "x"));
        }
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            String section = it.next();
            if (tree.get(section).isObject()) {
                out.add(mutant("misspell section " + section, rename(tree, section, section + "x"), section + "x"));
            }
        }
        // wrong types: a mapping everywhere, text where numbers, booleans or choices are read
        for (String leaf : leaves) {
            ObjectNode map = NODES.objectNode();
            map.put("x", 1);
            out.add(mutant("mapping for " + leaf, set(tree, leaf, map), leaf));
            if (!leaf.equals("name")) {
                out.add(mutant("text for " + leaf, set(tree, leaf, NODES.textNode("abc(")), leaf));
            }
            var list = NODES.arrayNode();
            list.add("x").add("y");
            out.add(mutant("list of text for " + leaf, set(tree, leaf, list), leaf));
        }
        // bad numbers
        Map<String, List<String>> numbers = Map.ofEntries(
                Map.entry("d", List.of("-1", "0", "2e9", "1.5", ".nan")),
                Map.entry("student.p", List.of("0", "-3", "2.5", "1e9")),
                Map.entry("teacher.noise", List.of("-1", ".nan", ".inf")),
                Map.entry("training.learning-rate", List.of("0", "-0.1", ".nan", "1e-300")),
                Map.entry("training.batch", List.of("0", "-1", "2e9", "1.5")),
                Map.entry("training.loss-prefactor", List.of("0", "-1")),
                Map.entry("training.second-layer-learning-rate", List.of("-1", "-.inf")),
                Map.entry("run.t-max", List.of("0", "-1", "1e300", ".nan")),
                Map.entry("run.seeds", List.of("0", "2e9")),
                Map.entry("run.sde-dt", List.of("0", "-1", "1e-300")),
                Map.entry("run.qmc-points", List.of("1", "2e9")),
                Map.entry("run.ode-step", List.of("-1", "1e300")),
                Map.entry("run.ode-rtol", List.of("0")),
                Map.entry("run.ode-atol", List.of("-1")),
                Map.entry("run.seed", List.of("1.5")),
                Map.entry("exit.threshold", List.of("-1", "2", ".nan")),
                Map.entry("exit.target-error", List.of("0", "1.5")),
                Map.entry("observe.test-set", List.of("0", "2e9")),
                Map.entry("observe.signal-heavy-ratio", List.of("0", "-1")),
                Map.entry("initial.seed", List.of("1.5")),
                Map.entry("teacher.k", List.of("0", "-2")));
        numbers.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            for (String v : e.getValue()) {
                String key = e.getKey();
                if (v.equals("1e-300") && key.equals("training.learning-rate") && tree.path("run").has("time-unit")) {
                    continue; // a tiny rate is absurd only in natural time; counted in steps the run is short
                }
                // d enters other keys through their expressions (XOR's batch is d ln d): those may object first
                String expect = key.equals("d") ? "d|training.batch|student.p" : key;
                out.add(mutant(key + " = " + v, withScalar(tree, key, v), expect));
            }
        });
        out.add(mutant("run.points = 2e9 on a linear grid", withScalar(withScalar(tree, "run.grid", "linear"), "run.points",
                "2e9"), "run.points"));
        out.add(mutant("run.points = 0 on a linear grid", withScalar(withScalar(tree, "run.grid", "linear"), "run.points",
                "0"), "run.points"));
        out.add(mutant("run.points-per-decade = 2e9 on a log grid", withScalar(withScalar(tree, "run.grid", "log"),
                "run.points-per-decade", "2e9"), "run.points-per-decade"));
        for (String v : List.of("0", "-1", "1e200")) {
            out.add(mutant("balanced initial.scale = " + v, withScalar(withScalar(tree, "initial.kind", "balanced"),
                    "initial.scale", v), "initial.scale"));
        }
        for (String v : List.of("[0.4, 1.4]", "[0, 0]", "[-1, 1]", "[1000000000]", "[0, 1, 2]")) {
            out.add(mutant("teacher.indices = " + v, withScalar(tree, "teacher.indices", v), "teacher.indices"));
        }
        for (String v : List.of("'../x'", "'a/b'", "''")) {
            out.add(mutant("name = " + v, withScalar(tree, "name", v), "name"));
        }
        // matrices of the overlaps start
        boolean spherical = tree.path("training").path("spherical").asBoolean(false);
        double diag = spherical ? 1 : 0.5;
        out.add(mutant("non-PSD initial.Q", overlaps(tree, matrix(p, k, 0.9), matrix(p, p, -1, -1)), "initial.Q"));
        out.add(mutant("mis-shaped initial.Q", overlaps(tree, matrix(p, k, 0), matrix(p, p + 1, diag, 0)), "initial.Q"));
        out.add(mutant("mis-shaped initial.M", overlaps(tree, matrix(p + 1, k, 0), matrix(p, p, diag, 0)), "initial.M"));
        out.add(mutant("huge initial.Q", overlaps(tree, matrix(p, k, 0), matrix(p, p, 1e308, 0)), "initial.Q"));
        out.add(mutant("ragged initial.Q", withScalar(overlaps(tree, matrix(p, k, 0), matrix(p, p, diag, 0)), "initial.Q",
                "[[1.0], [1.0, 2.0]]"), "initial.Q"));
        out.add(mutant("initial.a = [.nan]", withScalar(tree, "initial.a", "[.nan]"), "initial.a"));
        // unknown choices
        for (String key : List.of("inputs", "teacher.target", "teacher.activation", "student.activation", "student.readout",
                "student.second-layer", "student.preactivation", "training.loss", "initial.kind", "initial.radius",
                "exit.criterion", "run.time-unit", "run.grid", "run.ode-reduction")) {
            out.add(mutant(key + " = bogus", withScalar(tree, key, "bogus"), key));
        }
        for (String key : List.of("training.spherical", "exit.stop", "run.ode-quadratic")) {
            out.add(mutant(key + " = maybe", withScalar(tree, key, "maybe"), key));
        }
        // duplicates, expressions, files
        out.add(new Mutant("duplicate d", text + "\nd: 7\n", List.of(), "d"));
        out.add(new Mutant("duplicate section", text + "\ntraining:\n  spherical: true\n", List.of(), "training"));
        out.add(new Mutant("duplicate nested key", text.replaceFirst("(?m)^run:\\s*$", "run:\n  t-max: 5"), List.of(),
                "t-max"));
        out.add(mutant("bad expression in d", withScalar(tree, "d", "'2 *'"), "d"));
        out.add(mutant("bad expression in batch", withScalar(tree, "training.batch", "'foo(d)'"), "training.batch"));
        out.add(mutant("unknown variable in p", withScalar(tree, "student.p", "'q + 1'"), "student.p"));
        out.add(new Mutant("empty file", "", List.of(), "d"));
        out.add(new Mutant("binary file", "\u0000\u0001\u0002binary", List.of(), "binary"));
        out.add(new Mutant("second document", text + "\n---\nd: 4\n", List.of(), "document"));
        out.add(new Mutant("a list at the top", "- 1\n- 2\n", List.of(), "top level"));
        out.add(new Mutant("broken YAML", "d: [1,\n" + text, List.of(), "YAML"));
        out.add(new Mutant("set '.'", text, List.of("--set", ".=5"), "'.'"));
        out.add(new Mutant("set 'a..b'", text, List.of("--set", "a..b=5"), "'a..b'"));
        out.add(new Mutant("set an unknown key", text, List.of("--set", "run.tmax=5"), "run.tmax"));
        out.add(new Mutant("set a non-finite rate", text, List.of("--set", "training.learning-rate=.inf"),
                "training.learning-rate"));
        return out;
    }

    private static Mutant mutant(String name, ObjectNode tree, String key) {
        try {
            return new Mutant(name, YAML.writeValueAsString(tree), List.of(), key);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void leaves(JsonNode node, String prefix, List<String> out) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            String path = prefix.isEmpty() ? name : prefix + "." + name;
            if (node.get(name).isObject()) {
                leaves(node.get(name), path, out);
            } else {
                out.add(path);
            }
        }
    }

    private static ObjectNode parent(ObjectNode copy, String path) {
        String[] keys = path.split("\\.");
        ObjectNode node = copy;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode child = node.get(keys[i]);
            node = child instanceof ObjectNode o ? o : node.putObject(keys[i]);
        }
        return node;
    }

    private static String last(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static ObjectNode remove(ObjectNode tree, String path) {
        ObjectNode copy = tree.deepCopy();
        parent(copy, path).remove(last(path));
        return copy;
    }

    private static ObjectNode rename(ObjectNode tree, String path, String to) {
        ObjectNode copy = tree.deepCopy();
        ObjectNode parent = parent(copy, path);
        JsonNode value = parent.remove(last(path));
        parent.set(last(to), value);
        return copy;
    }

    private static ObjectNode set(ObjectNode tree, String path, JsonNode value) {
        ObjectNode copy = tree.deepCopy();
        parent(copy, path).set(last(path), value);
        return copy;
    }

    /** The value written as YAML text, so that ".nan" and "[0.4]" reach the loader as a user would write them. */
    private static ObjectNode withScalar(ObjectNode tree, String path, String yaml) {
        JsonNode value;
        try {
            value = YAML.readTree(yaml);
        } catch (IOException e) {
            value = NODES.textNode(yaml);
        }
        return set(tree, path, value == null || value.isMissingNode() ? NODES.textNode(yaml) : value);
    }

    private static ObjectNode overlaps(ObjectNode tree, JsonNode m, JsonNode q) {
        ObjectNode copy = set(set(tree, "initial.kind", NODES.textNode("overlaps")), "initial.M", m);
        ObjectNode initial = (ObjectNode) copy.get("initial");
        initial.remove("scale");
        initial.remove("radius");
        initial.set("Q", q);
        return copy;
    }

    /** A rows×columns matrix with {@code diagonal} on the diagonal and {@code off} elsewhere. */
    private static JsonNode matrix(int rows, int columns, double diagonal, double off) {
        var a = NODES.arrayNode();
        for (int i = 0; i < rows; i++) {
            var row = a.addArray();
            for (int j = 0; j < columns; j++) {
                row.add(i == j ? diagonal : off);
            }
        }
        return a;
    }

    private static JsonNode matrix(int rows, int columns, double value) {
        return matrix(rows, columns, value, value);
    }
}

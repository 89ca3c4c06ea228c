package dev.overlap;

import dev.overlap.engine.EngineKind;
import dev.overlap.engine.Start;
import dev.overlap.experiment.Models;
import dev.overlap.experiment.Trial;
import dev.overlap.problem.Problem;
import dev.overlap.modelfile.ModelLoader;
import dev.overlap.modelfile.ModelSpec;
import java.util.HashMap;
import java.util.Map;

/** Model specs for tests: phase retrieval at small d, with key-path overrides. */
public final class TestModels {
    public static final String PHASE_RETRIEVAL = """
            name: test
            inputs: gaussian
            d: 200
            teacher: {target: committee, k: 1, activation: square, noise: 1.0e-4}
            student: {p: 1, activation: square, readout: mean, second-layer: fixed}
            training: {loss: square, learning-rate: 0.1, batch: 1, spherical: true}
            initial: {kind: random, seed: 9}
            exit: {criterion: risk-drop, threshold: 0.01}
            run: {t-max: 1}
            """;

    private TestModels() {
    }

    /** The model's problem. */
    public static Problem problem(ModelSpec spec) {
        return Models.problem(spec);
    }

    /** The model's own start (initial.seed) with its network: what every engine of a same-start comparison uses. */
    public static Start start(ModelSpec spec) {
        return Trial.of(spec, EngineKind.SGD).start();
    }

    public static ModelSpec phaseRetrieval(String... keyValues) {
        Map<String, String> overrides = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            overrides.put(keyValues[i], keyValues[i + 1]);
        }
        return ModelLoader.parse("test.yaml", "test", PHASE_RETRIEVAL, overrides);
    }
}

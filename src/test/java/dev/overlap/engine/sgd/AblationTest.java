package dev.overlap.engine.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.TestModels;
import dev.overlap.engine.EngineKind;
import dev.overlap.engine.Start;
import dev.overlap.engine.TimeAxis;
import dev.overlap.experiment.Trial;
import dev.overlap.problem.Problem;
import dev.overlap.modelfile.ModelLoader;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.modelfile.UsageException;
import java.util.Map;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * student.signal-neurons: the units past the first N keep no component along the teacher rows at any step
 * (M_jr = 0 to round-off), while the first N learn the signal, and the rows' weights stay otherwise trained.
 * Without the projection the ablated units' M grows like the others' (the falsifier, shown by N = p).
 */
class AblationTest {
    private static final String MODEL = """
            inputs: rademacher
            d: 60
            teacher: {target: xor, indices: [3, 7]}
            student: {p: 8, activation: relu, readout: sum, second-layer: trained, preactivation: raw, signal-neurons: %d}
            training: {loss: logistic, loss-prefactor: 2, learning-rate: 0.1, batch: 250}
            initial: {kind: balanced, scale: 0.1, seed: 5}
            run: {t-max: 150, time-unit: steps}
            """;

    /** The largest |M_jr| over units j ≥ 2 and over units j < 2, over every step of a run with N = signal-neurons. */
    private static double[] largestOverlaps(int signal) {
        ModelSpec spec = ModelLoader.parse("ablation-test", "ablation-test", MODEL.formatted(signal), Map.of());
        Problem problem = TestModels.problem(spec);
        Start start = TestModels.start(spec);
        double[] largest = new double[2];
        new SgdEngine(problem, TimeAxis.of(TimeAxis.Unit.STEPS, problem), 150).run(start,
                RandomGeneratorFactory.of("L64X128MixRandom").create(11), (step, t, s) -> {
                    for (int j = 0; j < s.p; j++) {
                        for (int r = 0; r < s.k; r++) {
                            int side = j < 2 ? 1 : 0;
                            largest[side] = Math.max(largest[side], Math.abs(s.m[j * s.k + r]));
                        }
                    }
                    return true;
                });
        return largest;
    }

    /**
     * With N = 2 the ablated units' M is round-off (1e-12: |M| is a sum of d = 60 products of order 0.1),
     * and the two able units find the signal (|M| well above the 1/√d ≈ 0.13 · θ of a random start).
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 8})
    void ablatedUnitsCarryNoSignal(int signal) {
        double[] largest = largestOverlaps(signal);
        assertTrue(largest[1] > 0.05, "the able units learn the signal: max |M| " + largest[1]);
        if (signal == 2) {
            assertEquals(0, largest[0], 1e-12, "the ablated units' M");
        } else {
            assertTrue(largest[0] > 0.05, "without the ablation every unit learns (the falsifier): max |M| " + largest[0]);
        }
    }

    /** N outside 0..p is refused naming the key; an engine that does not run the ablation refuses it. */
    @Test
    void outOfRangeAndUnsupportedAreRefused() {
        UsageException wide = assertThrows(UsageException.class,
                () -> ModelLoader.parse("ablation-test", "ablation-test", MODEL.formatted(9), Map.of()));
        assertTrue(wide.getMessage().contains("student.signal-neurons"), wide.getMessage());
        ModelSpec spec = ModelLoader.parse("ablation-test", "ablation-test", MODEL.formatted(2), Map.of());
        for (EngineKind kind : new EngineKind[] {EngineKind.CHAIN,
            EngineKind.ODE}) {
            UsageException e = assertThrows(UsageException.class,
                    () -> Trial.of(spec, kind));
            assertTrue(e.getMessage().contains("student.signal-neurons"), e.getMessage());
        }
    }
}

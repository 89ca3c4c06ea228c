package dev.overlap.engine.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.TestModels;
import dev.overlap.engine.Observer;
import dev.overlap.engine.Start;
import dev.overlap.engine.TimeAxis;
import dev.overlap.engine.Weights;
import dev.overlap.modelfile.ModelLoader;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.overlaps.HypercubeRisk;
import dev.overlap.overlaps.OverlapBuffer;
import dev.overlap.overlaps.Performance;
import dev.overlap.problem.Problem;
import java.util.Map;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A hypercube test set follows the rows sgd trains from the changes the engine reports (rank-one additions, row
 * scalings) instead of recomputing every field: after every step its loss and error equal those of the rows
 * evaluated afresh, for a single input, small batches (followed), a batch past the break-even (recomputed), the
 * spherical projection (row scales) and the ablation. The tolerance, 1e-12 on the loss (relative, once it passes 1)
 * and on the error, is round-off: the followed fields sum up to 150·B rank-one changes of O(0.1) entries. A probe that is not told of
 * the row scalings drifts far beyond it (the falsifier, shown on the spherical runs).
 */
class TestSetFollowingTest {
    private static final String MODEL = """
            inputs: rademacher
            d: 60
            teacher: {target: xor, indices: [3, 7]}
            student: {p: 8, activation: relu, readout: sum, second-layer: trained, preactivation: raw, signal-neurons: %d}
            training: {loss: logistic, loss-prefactor: 2, learning-rate: 0.05, batch: %d, spherical: %s}
            initial: {kind: balanced, scale: 0.3, seed: 5}
            run: {t-max: %d, time-unit: steps}
            """;

    /** The largest difference in loss (relative past 1) and in error between the following probe and a fresh evaluation. */
    private static double[] largestDifference(int signal, int batch, boolean spherical, boolean toldOfScalings) {
        return largestDifference(signal, batch, spherical, toldOfScalings, 150);
    }

    private static double[] largestDifference(int signal, int batch, boolean spherical, boolean toldOfScalings,
                                              int steps) {
        ModelSpec spec = ModelLoader.parse("following", "following", MODEL.formatted(signal, batch, spherical, steps),
                Map.of());
        Problem problem = TestModels.problem(spec);
        Start start = TestModels.start(spec).copy();
        Weights net = start.network().orElseThrow();
        HypercubeRisk testSet = HypercubeRisk.sample(problem, 300, 3);
        HypercubeRisk.Probe probe = testSet.watching(net.student(), net.rowScale());
        double[] largest = new double[2];
        Observer check = new Observer() {
            @Override
            public boolean observe(long step, double t, OverlapBuffer state) {
                Performance followed = probe.evaluate(state.a);
                Performance fresh = testSet.evaluate(net.student(), net.rowScale(), state.a);
                largest[0] = Math.max(largest[0], Math.abs(followed.loss() - fresh.loss()) / Math.max(1, fresh.loss()));
                largest[1] = Math.max(largest[1], Math.abs(followed.error() - fresh.error()));
                assertEquals(followed.error(), probe.error(state.a), 0, "error() is evaluate()'s error");
                return true;
            }

            @Override
            public void rowsAdded(double[] coefficients, double[] x) {
                probe.added(coefficients, x);
            }

            @Override
            public void rowScaled(int j, double factor) {
                if (toldOfScalings) {
                    probe.scaled(j, factor);
                }
            }
        };
        new SgdEngine(problem, TimeAxis.of(TimeAxis.Unit.STEPS, problem), steps).run(start,
                RandomGeneratorFactory.of("L64X128MixRandom").create(11), check);
        return largest;
    }

    @ParameterizedTest(name = "signal-neurons {0}, B = {1}, spherical {2}")
    @CsvSource({"8, 1, false", "8, 1, true", "8, 3, false", "8, 3, true", "8, 250, false", "2, 4, false"})
    void followsTheRows(int signal, int batch, boolean spherical) {
        double[] largest = largestDifference(signal, batch, spherical, true);
        assertEquals(0, largest[0], 1e-12, "loss");
        assertEquals(0, largest[1], 1e-12, "error");
    }

    @ParameterizedTest(name = "B = {0}")
    @CsvSource({"1", "3"})
    void aProbeNotToldOfTheScalingsDrifts(int batch) {
        double[] largest = largestDifference(8, batch, true, false);
        assertTrue(largest[0] > 1e-6, "the loss of a probe that missed the scalings: " + largest[0]);
    }

    /**
     * Past 4096 followed changes (B = 5, 900 steps) the probe checks itself against the rows: one that missed the
     * scalings stops the run, naming why; one told of every change runs on, and past its refresh still agrees.
     */
    @org.junit.jupiter.api.Test
    void theRefreshCatchesAnUnreportedChange() {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> largestDifference(8, 5, true, false, 900));
        assertTrue(e.getMessage().contains("not reported"), e.getMessage());
        double[] largest = largestDifference(8, 5, true, true, 900);
        assertEquals(0, largest[0], 1e-12, "loss");
        assertEquals(0, largest[1], 1e-12, "error");
    }
}

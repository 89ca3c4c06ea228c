package dev.overlap.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.problem.Problem;
import dev.overlap.modelfile.ModelLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lazy baseline: reproducible whatever the threads, and its d² cost comes from features that miss the signal. */
class FrozenFeaturesTest {
    private static Problem xor(int d) {
        return Models.problem(ModelLoader.load(Path.of("validation/xor-lazy-baseline/model.yaml"),
                Map.of("d", Integer.toString(d))));
    }

    private static FrozenFeatures.Settings settings(FrozenFeatures.Rows rows, int d) {
        return new FrozenFeatures.Settings(rows, 2 * d * d, 8, 100L * d * d, 1000, 0.05);
    }

    @Test
    void sameSeedSameSamplesWhateverTheThreads() {
        Problem problem = xor(12);
        double[] one = FrozenFeatures.samplesToError(problem, settings(FrozenFeatures.Rows.RANDOM, 12), 7, 4, 1);
        double[] two = FrozenFeatures.samplesToError(problem, settings(FrozenFeatures.Rows.RANDOM, 12), 7, 4, 2);
        assertArrayEquals(one, two);
        double[] other = FrozenFeatures.samplesToError(problem, settings(FrozenFeatures.Rows.RANDOM, 12), 8, 4, 2);
        assertTrue(!Arrays.equals(one, other), "another seed, other runs");
    }

    /**
     * An interrupted call resumes from its finished runs: given runs 0 and 2 (here with marker values no run can
     * produce), it runs only 1 and 3, reports each as it finishes, and returns what the uninterrupted call does for
     * them — each run's stream is its index's, whichever runs are left.
     */
    @Test
    void aResumedCallRunsOnlyTheMissingRunsOnTheirOwnStreams() {
        Problem problem = xor(12);
        FrozenFeatures.Settings settings = settings(FrozenFeatures.Rows.RANDOM, 12);
        double[] whole = FrozenFeatures.samplesToError(problem, settings, 7, 4, 2);
        Map<Integer, Double> reported = new java.util.TreeMap<>();
        double[] resumed = FrozenFeatures.samplesToError(problem, settings, 7, 4, 2, Map.of(0, -1.0, 2, -2.0),
                reported::put);
        assertArrayEquals(new double[] {-1, whole[1], -2, whole[3]}, resumed);
        assertEquals(Map.of(1, whole[1], 3, whole[3]), reported);
    }

    /**
     * At d = 16 random features need of the order of d² samples (the claim measures 4–5 d²), while features in
     * the signal plane learn XOR in a d-independent handful of steps (≤ 30 in every run seen). The bounds,
     * d²/2 and d² /8, sit a factor 8 and more from both, so only a baseline whose cost is not set by the
     * features missing the signal fails here (fixed seed 3, 4 runs each).
     */
    @Test
    void randomFeaturesNeedOfOrderDSquaredSamplesAndSignalFeaturesDoNot() {
        int d = 16;
        Problem problem = xor(d);
        double[] random = FrozenFeatures.samplesToError(problem, settings(FrozenFeatures.Rows.RANDOM, d), 3, 4, 2);
        double[] signal = FrozenFeatures.samplesToError(problem, settings(FrozenFeatures.Rows.SIGNAL_PLANE, d), 3, 4, 2);
        for (int i = 0; i < 4; i++) {
            assertTrue(Double.isFinite(random[i]) && random[i] > d * d / 2.0, Arrays.toString(random));
            assertTrue(signal[i] < d * d / 8.0, Arrays.toString(signal));
        }
    }

    @Test
    void aRunThatCannotReachEpsilonIsCensoredAndBadSettingsAreRefused() {
        Problem problem = xor(12);
        FrozenFeatures.Settings short_ = new FrozenFeatures.Settings(FrozenFeatures.Rows.RANDOM, 288, 8, 10, 500, 0.05);
        double[] runs = FrozenFeatures.samplesToError(problem, short_, 1, 2, 1);
        assertEquals(Double.POSITIVE_INFINITY, runs[0]);
        assertEquals(Double.POSITIVE_INFINITY, runs[1]);
        assertThrows(IllegalArgumentException.class,
                () -> new FrozenFeatures.Settings(FrozenFeatures.Rows.RANDOM, 288, -1, 10, 500, 0.05));
        assertThrows(IllegalArgumentException.class,
                () -> new FrozenFeatures.Settings(FrozenFeatures.Rows.RANDOM, 288, 1, 10, 500, 1.5));
    }
}

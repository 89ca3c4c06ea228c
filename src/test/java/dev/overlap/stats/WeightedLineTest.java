package dev.overlap.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightedLineTest {
    /**
     * Points on y = 1 + 2x with Gaussian errors of known sd: over 4000 repetitions the slope is unbiased
     * and its 95 % interval covers 2 in 95 % of them (tolerance 1 %: the binomial sd at n = 4000 is 0.34 %),
     * and the χ² goodness p-value is uniform. The mean slope's sd over the repetitions is ≈ 0.1/√4000 =
     * 0.0016 and the mean p-value's 0.29/√4000 = 0.0046: tolerances 0.01 and 0.02 are about 4–6 sd.
     */
    @Test
    void slopeIntervalCoversAtItsLevel() {
        double[] x = {0, 1, 2, 3};
        double[] se = {0.1, 0.3, 0.2, 0.5};
        SplittableRandom rng = new SplittableRandom(11);
        int covered = 0;
        double meanSlope = 0;
        double meanP = 0;
        int reps = 4000;
        for (int r = 0; r < reps; r++) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = 1 + 2 * x[i] + se[i] * rng.nextGaussian();
            }
            WeightedLine f = WeightedLine.of(x, y, se);
            covered += f.slopeLower() <= 2 && 2 <= f.slopeUpper() ? 1 : 0;
            meanSlope += f.slope() / reps;
            meanP += f.goodness() / reps;
        }
        assertEquals(0.95, covered / (double) reps, 0.01);
        assertEquals(2, meanSlope, 0.01);
        assertEquals(0.5, meanP, 0.02);
    }

    @Test
    void curvedPointsFailTheGoodnessTest() {
        double[] x = {0, 1, 2, 3, 4};
        double[] y = {0, 1, 4, 9, 16};
        WeightedLine f = WeightedLine.of(x, y, new double[] {0.1, 0.1, 0.1, 0.1, 0.1});
        assertTrue(f.goodness() < 1e-6, "p = " + f.goodness());
    }
}

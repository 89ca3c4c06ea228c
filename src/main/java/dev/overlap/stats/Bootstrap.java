package dev.overlap.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Percentile bootstrap 95 % intervals with a fixed seed: {@value #RESAMPLES} resamples with replacement,
 * every statistic computed on the same resamples, interval ends by {@link Quantiles#type7}.
 */
public final class Bootstrap {
    public static final int RESAMPLES = 2000;

    private Bootstrap() {
    }

    /** [lo, hi] for each statistic, in order. Statistics may reorder the resample they are given. */
    @SafeVarargs
    public static double[][] intervals(double[] x, long seed, ToDoubleFunction<double[]>... statistics) {
        SplittableRandom rng = new SplittableRandom(seed);
        int m = x.length;
        double[][] values = new double[statistics.length][RESAMPLES];
        double[] resample = new double[m];
        for (int b = 0; b < RESAMPLES; b++) {
            for (int i = 0; i < m; i++) {
                resample[i] = x[rng.nextInt(m)];
            }
            for (int s = 0; s < statistics.length; s++) {
                values[s][b] = statistics[s].applyAsDouble(resample);
            }
        }
        double[][] out = new double[statistics.length][];
        for (int s = 0; s < statistics.length; s++) {
            Arrays.sort(values[s]);
            out[s] = new double[] {Quantiles.type7(values[s], 0.025), Quantiles.type7(values[s], 0.975)};
        }
        return out;
    }

    /** The mean. */
    public static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** The type-7 median; sorts {@code x}. */
    public static double median(double[] x) {
        Arrays.sort(x);
        return Quantiles.type7(x, 0.5);
    }
}

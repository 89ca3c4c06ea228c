package dev.overlap.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The median of a sample in which some values are censored (never reached before the run ended),
 * counting them as +∞ rather than dropping them, with a percentile bootstrap 95 % interval. The
 * median is finite as long as fewer than half the values are censored; an infinite upper bound says
 * the sample cannot exclude it.
 */
public record CensoredMedian(int n, int censored, double median, double lower, double upper) {
    public static final int RESAMPLES = 2000;

    /** @param values NaN or +∞ for censored replicas */
    public static CensoredMedian of(double[] values, long seed) {
        double[] x = Arrays.stream(values).map(v -> Double.isFinite(v) ? v : Double.POSITIVE_INFINITY).toArray();
        int n = x.length;
        int censored = (int) Arrays.stream(x).filter(Double::isInfinite).count();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] medians = new double[RESAMPLES];
        double[] resample = new double[n];
        for (int b = 0; b < RESAMPLES; b++) {
            for (int i = 0; i < n; i++) {
                resample[i] = x[rng.nextInt(n)];
            }
            medians[b] = median(resample);
        }
        Arrays.sort(medians);
        return new CensoredMedian(n, censored, median(x.clone()), medians[(int) Math.floor(0.025 * (RESAMPLES - 1))],
                medians[(int) Math.ceil(0.975 * (RESAMPLES - 1))]);
    }

    /** The sample median (mean of the two middle values for even n); sorts {@code x}. */
    static double median(double[] x) {
        Arrays.sort(x);
        int n = x.length;
        if (n == 0) {
            return Double.NaN;
        }
        if (n % 2 == 1) {
            return x[n / 2];
        }
        double lo = x[n / 2 - 1];
        double hi = x[n / 2];
        return Double.isInfinite(hi) ? hi : (lo + hi) / 2;
    }
}

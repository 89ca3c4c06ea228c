package dev.overlap.stats;

import java.util.Arrays;

/**
 * The median of a sample in which some values are censored (never reached before the run ended),
 * counting them as +∞ rather than dropping them, with a {@link Bootstrap} 95 % interval. The
 * median is finite as long as fewer than half the values are censored; an infinite upper bound says
 * the sample cannot exclude it.
 */
public record CensoredMedian(int n, int censored, double median, double lower, double upper) {
    /** @param values NaN or +∞ for censored replicas */
    public static CensoredMedian of(double[] values, long seed) {
        double[] x = Arrays.stream(values).map(v -> Double.isFinite(v) ? v : Double.POSITIVE_INFINITY).toArray();
        int censored = (int) Arrays.stream(x).filter(Double::isInfinite).count();
        double[] ci = Bootstrap.intervals(x, seed, Bootstrap::median)[0];
        return new CensoredMedian(x.length, censored, Bootstrap.median(x.clone()), ci[0], ci[1]);
    }
}

package dev.overlap.stats;

/**
 * The one quantile rule of the project: type 7 of Hyndman and Fan (linear interpolation between order
 * statistics, R's and NumPy's default), on a sorted sample that may end in +∞ (censored values).
 */
public final class Quantiles {
    private Quantiles() {
    }

    /**
     * The {@code level} quantile of an ascending sample: x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]) with
     * h = (n − 1)·level; +∞ when it interpolates towards a censored value, NaN for an empty sample.
     */
    public static double type7(double[] sorted, double level) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        double h = (n - 1) * level;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, n - 1);
        double frac = h - lo;
        if (Double.isInfinite(sorted[hi])) {
            return frac == 0 && !Double.isInfinite(sorted[lo]) ? sorted[lo] : Double.POSITIVE_INFINITY;
        }
        return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
    }
}

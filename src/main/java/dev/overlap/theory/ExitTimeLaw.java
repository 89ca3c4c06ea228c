package dev.overlap.theory;

import java.util.Arrays;

/**
 * The law of an exit time, as a prediction states it: its survival function S(t) = P(exit &gt; t) on a time grid,
 * its mean and standard deviation, quantiles read off S, and the numerical error of each. Every time is in one unit,
 * said by whoever made the law (natural time t = steps·γ/(p·d) unless {@link #scaled} changed it).
 *
 * @param mean          E[exit time]
 * @param meanError     its numerical error (for a Kolmogorov law: the change under halving the grid)
 * @param sd            √Var[exit time]
 * @param times         increasing time grid, from 0
 * @param survival      S at those times, non-increasing from 1
 * @param quantileError the largest change of a reported quantile under halving the grid (time unit)
 * @param method        how the law was computed, in words
 */
public record ExitTimeLaw(double mean, double meanError, double sd, double[] times, double[] survival,
                          double quantileError, String method) {
    /** The quantile levels every prediction reports. */
    public static final double[] LEVELS = {0.05, 0.25, 0.5, 0.75, 0.95};

    /**
     * The largest change of a reported quantile between two survival curves of one law (a finer and a coarser
     * solve): the quantile error the solvers print.
     */
    static double quantileChange(double[][] finer, double[][] coarser) {
        ExitTimeLaw a = new ExitTimeLaw(0, 0, 0, finer[0], finer[1], 0, "");
        ExitTimeLaw b = new ExitTimeLaw(0, 0, 0, coarser[0], coarser[1], 0, "");
        double change = 0;
        for (double level : LEVELS) {
            change = Math.max(change, Math.abs(a.quantile(level) - b.quantile(level)));
        }
        return change;
    }

    public ExitTimeLaw {
        if (times.length != survival.length || times.length < 2) {
            throw new IllegalArgumentException("a survival curve needs equally many times and values, at least two");
        }
        times = times.clone();
        survival = survival.clone();
    }

    @Override
    public double[] times() {
        return times.clone();
    }

    @Override
    public double[] survival() {
        return survival.clone();
    }

    /** P(exit ≤ t), linear between grid times; 1 past the grid's end (the grid ends where S is negligible). */
    public double cdf(double t) {
        if (t <= times[0]) {
            return 1 - survival[0];
        }
        int i = Arrays.binarySearch(times, t);
        if (i >= 0) {
            return 1 - survival[i];
        }
        int hi = -i - 1;
        if (hi >= times.length) {
            return 1;
        }
        double w = (t - times[hi - 1]) / (times[hi] - times[hi - 1]);
        return 1 - (survival[hi - 1] + w * (survival[hi] - survival[hi - 1]));
    }

    /** The time at which P(exit ≤ t) first reaches {@code level}, linear between grid times; +∞ if it never does. */
    public double quantile(double level) {
        double s = 1 - level;
        for (int i = 1; i < times.length; i++) {
            if (survival[i] <= s) {
                double w = survival[i - 1] == survival[i] ? 1 : (survival[i - 1] - s) / (survival[i - 1] - survival[i]);
                return times[i - 1] + w * (times[i] - times[i - 1]);
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** The quantiles at {@link #LEVELS}. */
    public double[] quantiles() {
        return Arrays.stream(LEVELS).map(this::quantile).toArray();
    }

    /**
     * The quantiles at levels (i + ½)/n, i &lt; n: a sample whose empirical CDF is within 1/(2n) of the law's, for
     * drawing the law where figures take samples.
     */
    public double[] quasiSample(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = quantile((i + 0.5) / n);
        }
        return x;
    }

    /** The density −dS/dt at the midpoints of the grid's intervals: {midpoints, density}. */
    public double[][] density() {
        int n = times.length - 1;
        double[] mid = new double[n];
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            mid[i] = (times[i] + times[i + 1]) / 2;
            f[i] = (survival[i] - survival[i + 1]) / (times[i + 1] - times[i]);
        }
        return new double[][] {mid, f};
    }

    /**
     * The mixture Σ wᵢ·lawᵢ (weights summing to 1): the law of the exit time when the start is drawn with those
     * weights. Its survival is sampled on {@code points} equal steps up to the longest of the laws' grids; its errors
     * are the weighted errors of the parts (the weights' own quadrature error is the caller's to state in {@code method}).
     */
    public static ExitTimeLaw mixture(java.util.List<ExitTimeLaw> laws, double[] weights, int points, String method) {
        if (laws.size() != weights.length || laws.isEmpty()) {
            throw new IllegalArgumentException("a mixture needs one weight per law");
        }
        double end = 0;
        double mean = 0;
        double second = 0;
        double meanError = 0;
        double quantileError = 0;
        for (int i = 0; i < weights.length; i++) {
            ExitTimeLaw l = laws.get(i);
            end = Math.max(end, l.times[l.times.length - 1]);
            mean += weights[i] * l.mean;
            second += weights[i] * (l.sd * l.sd + l.mean * l.mean);
            meanError += weights[i] * l.meanError;
            quantileError = Math.max(quantileError, l.quantileError);
        }
        double[] t = new double[points + 1];
        double[] s = new double[points + 1];
        for (int k = 0; k <= points; k++) {
            t[k] = end * k / points;
            for (int i = 0; i < weights.length; i++) {
                s[k] += weights[i] * (1 - laws.get(i).cdf(t[k]));
            }
            s[k] = Math.max(0, Math.min(1, s[k]));
        }
        return new ExitTimeLaw(mean, meanError, Math.sqrt(Math.max(0, second - mean * mean)), t, s, quantileError, method);
    }

    /** The same law with every time multiplied by {@code factor} (a change of time unit). */
    public ExitTimeLaw scaled(double factor) {
        double[] t = Arrays.stream(times).map(x -> x * factor).toArray();
        return new ExitTimeLaw(mean * factor, meanError * factor, sd * factor, t, survival, quantileError * factor, method);
    }
}

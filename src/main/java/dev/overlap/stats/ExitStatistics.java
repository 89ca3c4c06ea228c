package dev.overlap.stats;

import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * Summary of a sample of exit times, some possibly censored (no exit before t-max). Moments,
 * quantiles and bootstrap intervals are over the escaped replicas only; {@link #censored()} says
 * when that makes the mean a biased-low estimate, and {@link #n()} − {@link #escaped()} how many
 * replicas it left out. Quantiles are {@link Quantiles#type7}; the 95 % intervals are
 * {@link Bootstrap} percentile intervals with a fixed seed.
 */
public record ExitStatistics(int n, int escaped, double mean, double sd, double sem, double median,
                             double[] quantiles, double[] ci95Mean, double[] ci95Median) {
    /** Quantile levels of {@link #quantiles()}. */
    public static final double[] LEVELS = {0.05, 0.25, 0.75, 0.95};

    public boolean censored() {
        return escaped < n;
    }

    public double escapedFraction() {
        return n == 0 ? Double.NaN : (double) escaped / n;
    }

    /** @param times exit times, NaN or +∞ for replicas that did not escape */
    public static ExitStatistics of(double[] times, long bootstrapSeed) {
        double[] x = Arrays.stream(times).filter(Double::isFinite).toArray();
        int m = x.length;
        if (m == 0) {
            double[] nan = {Double.NaN, Double.NaN};
            return new ExitStatistics(times.length, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN}, nan, nan.clone());
        }
        DescriptiveStatistics d = new DescriptiveStatistics(x);
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double[] q = new double[LEVELS.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = Quantiles.type7(sorted, LEVELS[i]);
        }
        double sd = m > 1 ? d.getStandardDeviation() : Double.NaN;
        double[][] ci = Bootstrap.intervals(x, bootstrapSeed, Bootstrap::mean, Bootstrap::median);
        return new ExitStatistics(times.length, m, d.getMean(), sd, sd / Math.sqrt(m), Quantiles.type7(sorted, 0.5), q,
                ci[0], ci[1]);
    }
}

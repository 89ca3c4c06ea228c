package dev.overlap.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Summary of a sample of exit times, some possibly censored (no exit before t-max). Moments,
 * quantiles and bootstrap intervals are over the escaped replicas only; {@link #censored()} says
 * when that makes the mean a biased-low estimate, and {@link #n()} − {@link #escaped()} how many
 * replicas it left out. Quantiles are type 7 (linear between order statistics); the 95 % intervals
 * are bootstrap percentile intervals from {@value #RESAMPLES} resamples with a fixed seed.
 */
public record ExitStatistics(int n, int escaped, double mean, double sd, double sem, double median,
                             double[] quantiles, double[] ci95Mean, double[] ci95Median) {
    /** Quantile levels of {@link #quantiles()}. */
    public static final double[] LEVELS = {0.05, 0.25, 0.75, 0.95};
    public static final int RESAMPLES = 2000;

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
        Percentile r7 = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        r7.setData(x);
        double[] q = new double[LEVELS.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = r7.evaluate(100 * LEVELS[i]);
        }
        double sd = m > 1 ? d.getStandardDeviation() : Double.NaN;
        double[][] ci = bootstrap(x, bootstrapSeed);
        return new ExitStatistics(times.length, m, d.getMean(), sd, sd / Math.sqrt(m), r7.evaluate(50), q, ci[0], ci[1]);
    }

    /** Percentile bootstrap 95 % intervals of the mean and of the median. */
    static double[][] bootstrap(double[] x, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int m = x.length;
        double[] means = new double[RESAMPLES];
        double[] medians = new double[RESAMPLES];
        double[] resample = new double[m];
        Percentile r7 = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        for (int b = 0; b < RESAMPLES; b++) {
            double sum = 0;
            for (int i = 0; i < m; i++) {
                resample[i] = x[rng.nextInt(m)];
                sum += resample[i];
            }
            means[b] = sum / m;
            medians[b] = r7.evaluate(resample, 50);
        }
        r7.setData(means);
        double[] ciMean = {r7.evaluate(2.5), r7.evaluate(97.5)};
        r7.setData(medians);
        double[] ciMedian = {r7.evaluate(2.5), r7.evaluate(97.5)};
        return new double[][] {ciMean, ciMedian};
    }
}

package dev.overlap.validation;

import dev.overlap.experiment.ExitTimesExperiment;
import dev.overlap.io.ExitTimesCsv;
import dev.overlap.stats.CensoredMedian;
import dev.overlap.stats.ExitStatistics;
import java.util.Arrays;
import dev.overlap.stats.TwoSample;

/** Small helpers on exit-time samples shared by the claims. */
final class Samples {
    private Samples() {
    }

    /** The escaped replicas' exit times. */
    static double[] escaped(ExitTimesExperiment.Outcome o) {
        return o.rows().stream().filter(ExitTimesCsv.Row::escaped).mapToDouble(ExitTimesCsv.Row::exitTime).toArray();
    }

    /** Two-sample Kolmogorov–Smirnov p-value ({@link TwoSample}). */
    static double ksPValue(double[] x, double[] y) {
        return TwoSample.ks(x, y).pValue();
    }

    static double ksStatistic(double[] x, double[] y) {
        return TwoSample.ks(x, y).statistic();
    }

    /** "mean [lo, hi] (n/N escaped)" with the bootstrap 95 % CI of the mean. */
    static String mean(ExitStatistics s) {
        return String.format("%.4g [%.4g, %.4g] (%d/%d escaped)", s.mean(), s.ci95Mean()[0], s.ci95Mean()[1],
                s.escaped(), s.n());
    }

    static double[] finite(double[] x) {
        return Arrays.stream(x).filter(Double::isFinite).toArray();
    }

    /**
     * How far the ODE's mean duration may lie from sgd's at the same d: 10 % of sgd's mean plus 1.96 combined SEM. The
     * ODE is the d → ∞ limit with the Gaussian-equivalent test error; at d = 200 the phase-1 exits agree to 1 %
     * (xor-reduced), and finite-d corrections of a few per cent are expected at d ~ 10².
     */
    static final double ODE_AGREEMENT = 0.10;

    /** The allowed |ODE mean − sgd mean| (steps) given sgd's mean and both standard errors: {@link #ODE_AGREEMENT}. */
    static double odeAllowance(double sgdMean, double sgdSem, double odeSem) {
        return ODE_AGREEMENT * sgdMean + 1.96 * Math.hypot(sgdSem, odeSem);
    }

    /** v times factor, entry by entry (error bars from standard errors). */
    static double[] times(double[] v, double factor) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * factor;
        }
        return out;
    }

    /** The smaller of two medians, a censored (infinite) one never chosen; null when neither is finite. */
    static CensoredMedian smaller(CensoredMedian chosen, CensoredMedian candidate) {
        if (!Double.isFinite(candidate.median())) {
            return chosen;
        }
        return chosen == null || candidate.median() < chosen.median() ? candidate : chosen;
    }

    /**
     * The standard error of ln(median) from its bootstrap 95 % CI; an infinite upper end (too many censored
     * resamples) is replaced by 4 × the median, a wide interval.
     */
    static double lnMedianError(CensoredMedian m) {
        double hi = Double.isFinite(m.upper()) ? m.upper() : 4 * m.median();
        return Math.max(1e-3, (Math.log(hi) - Math.log(Math.max(m.lower(), 1))) / (2 * 1.96));
    }

    /** The two-sided critical |z| of one of {@code tests} tests at family-wise level {@code alpha} (Bonferroni). */
    static double zCritical(double alpha, int tests) {
        return new org.apache.commons.math3.distribution.NormalDistribution()
                .inverseCumulativeProbability(1 - alpha / tests / 2);
    }
}

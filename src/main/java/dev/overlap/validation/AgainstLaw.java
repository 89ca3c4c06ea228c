package dev.overlap.validation;

import dev.overlap.stats.ExitStatistics;
import dev.overlap.stats.OneSample;
import dev.overlap.theory.ExitTimeLaw;

/**
 * Measured exit times against an exact law (the Kolmogorov law of docs/theory.md §10): z of the mean,
 * (measured − law)/√(SEM² + the law's numerical error²), and the one-sample KS p-value against the law's CDF. One
 * deterministic run is no sample: its KS p is NaN and its SEM 0, which fail any claim that judges them.
 */
record AgainstLaw(double z, double ksP) {

    static AgainstLaw of(double[] escaped, ExitStatistics measured, ExitTimeLaw law) {
        double p = escaped.length < 2 ? Double.NaN : OneSample.ks(escaped, law::cdf).pValue();
        double sem = Double.isFinite(measured.sem()) ? measured.sem() : 0;
        double z = measured.censored() ? Double.POSITIVE_INFINITY
                : (measured.mean() - law.mean()) / Math.hypot(sem, law.meanError());
        return new AgainstLaw(Double.isNaN(z) ? Double.POSITIVE_INFINITY : z, p);
    }
}

package dev.overlap.gauss;

import org.apache.commons.numbers.gamma.Erfc;

/**
 * Closed-form moments of the ReLU σ(λ) = max(λ, 0) of one Gaussian field λ ~ N(μ, s²): the gate E[σ'(λ)] = Φ(μ/s),
 * the mean E[σ(λ)] = μΦ(μ/s) + sφ(μ/s) and the second moment E[σ(λ)²] = (μ² + s²)Φ(μ/s) + μsφ(μ/s). Positive
 * homogeneity (σ'(λ)λ = σ(λ), σ'² = σ', σσ' = σ) reduces every other product of σ, σ' and λ to these three.
 * At s = 0 the field is the constant μ, and σ'(0) = 0 as in the ReLU activation of the model files.
 * Φ goes through erfc (commons-numbers: ten times faster than commons-math3's, which goes through the
 * incomplete gamma function, and what the ODE's drift spent most of its time in), so the gate keeps its relative
 * accuracy deep in the lower tail.
 */
public record ReluGaussian(double gate, double mean, double secondMoment) {
    private static final double INV_SQRT2 = 1 / Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    /** The moments of σ(λ) for λ ~ N(μ, s²), s ≥ 0. */
    public static ReluGaussian of(double mu, double s) {
        if (s == 0) {
            return mu > 0 ? new ReluGaussian(1, mu, mu * mu) : new ReluGaussian(0, 0, 0);
        }
        double x = mu / s;
        double cdf = 0.5 * Erfc.value(-x * INV_SQRT2);
        double pdf = INV_SQRT_2PI * Math.exp(-0.5 * x * x);
        return new ReluGaussian(cdf, mu * cdf + s * pdf, (mu * mu + s * s) * cdf + mu * s * pdf);
    }
}

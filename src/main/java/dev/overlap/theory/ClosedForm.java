package dev.overlap.theory;

/**
 * The one closed-form exit time of the project ([EM] §3, docs/theory.md §7): p = 1 phase retrieval on the
 * sphere, square loss, fixed second layer. u = m² obeys the logistic equation du/dt = 2u[(A − B) − A u]
 * with A = 4(1 − 6γ), B = 2γΔ, and R = 2 − 2u, so the time for R to fall to (1 − T) R(0) is
 * t* = ln[u*(K − u₀)/(u₀(K − u*))]/r, r = 2(A − B), K = (A − B)/A, u* = 1 − (1 − T)(1 − u₀).
 */
public final class ClosedForm {
    private ClosedForm() {
    }

    /** Risk-drop exit time in natural time from overlap m₀, learning rate γ, label-noise variance Δ, threshold T. */
    public static double phaseRetrievalExit(double gamma, double noise, double m0, double threshold) {
        double a = 4 * (1 - 6 * gamma);
        double b = 2 * gamma * noise;
        double cap = (a - b) / a;
        double u0 = m0 * m0;
        double target = 1 - (1 - threshold) * (1 - u0);
        return Math.log(target * (cap - u0) / (u0 * (cap - target))) / (2 * (a - b));
    }

    /**
     * [EM]'s stochastic correction (its appendix): the mean exit time of the linearised SDE dm = μ m dt + σ dW from
     * m = 0 out of (−√T, √T), (T/σ²)·₂F₂(1, 1; 3/2, 2; −μT/σ²). The ₂F₂ series cancels catastrophically at the large
     * |μT/σ²| of high d (10³ at d = 10⁶), so the value is computed as what it is, the mean exit time of that SDE, by
     * {@link BackwardKolmogorov} on its linear coefficients (tested against the series in 60 to 1500 digits).
     *
     * @param variance σ² per unit natural time; for p-unit phase retrieval [EM] gives γ(48 + 4Δ)/(p d)
     */
    public static ExitTimeLaw linearisedEscape(double mu, double variance, double threshold) {
        BackwardKolmogorov.Coefficients linear = BackwardKolmogorov.Coefficients.of(x -> mu * x, x -> variance);
        double edge = Math.sqrt(threshold);
        double scale = mu > 0 ? Math.min(edge, Math.sqrt(variance / (2 * mu))) : edge;
        return BackwardKolmogorov.law(linear, -edge, edge, 0, scale, BackwardKolmogorov.Resolution.DEFAULT);
    }

    /** [EM]'s 2ω_M = 8[1 − (γ/p)(1 + 1/p + 4/p² + Δ/2)]: twice the escape rate of every unit at mediocrity. */
    private static double twiceRate(int p, double gammaOverP, double delta) {
        return 8 * (1 - gammaOverP * (1 + 1.0 / p + 4.0 / ((double) p * p) + delta / 2));
    }

    /**
     * [EM]'s annealed exit time (§4, width): the deterministic linearised exit with μ₀ and τ₀ replaced by their means,
     * ln[(T(p + 1)d + (p + 1)(1 − T))/(2p)]/(8[1 − (γ/p)(1 + 1/p + 4/p² + Δ/2)]), natural time.
     */
    public static double annealedExit(int p, int d, double gammaOverP, double delta, double threshold) {
        return Math.log((threshold * (p + 1) * d + (p + 1) * (1 - threshold)) / (2.0 * p)) / twiceRate(p, gammaOverP, delta);
    }

    /**
     * The expression [EM]'s quenched exit time averages over the start: ln[(Tp(p + 1)d + (2μ₀p − τ₀)(1 − T))/(2μ₀p)]/(2ω_M)
     * with μ₀ = d Σ_j M_j² and τ₀ = d Σ_{j≠l} Q_jl² of one start, natural time.
     */
    public static double quenchedExit(int p, int d, double gammaOverP, double delta, double threshold, double mu0,
                                      double tau0) {
        return Math.log((threshold * p * (p + 1.0) * d + (2 * mu0 * p - tau0) * (1 - threshold)) / (2 * mu0 * p))
                / twiceRate(p, gammaOverP, delta);
    }
}

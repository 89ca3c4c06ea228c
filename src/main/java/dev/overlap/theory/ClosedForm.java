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
}

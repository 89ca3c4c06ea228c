package dev.overlap.engine.ode;

import dev.overlap.problem.Problem;

/**
 * The expected increment of the overlaps per unit of natural time t = steps·γ/(p·d): the per-step
 * expectation of {@link dev.overlap.overlaps.OverlapStep} with |x|² replaced by its mean d (the
 * d → ∞ limit), divided by the natural time of one step τ = γ/(p d):
 * <pre>
 *   dM/dt = −(η/τ) E[G νᵀ]
 *   dQ/dt = −(η/τ) E[G λᵀ + λ Gᵀ] + (η² d/(B τ)) E[G Gᵀ]      (the second term: [EM]'s quadratic terms)
 *   da/dt = −(γ_a/τ) E[∂ℓ/∂a]
 * </pre>
 * with η = γ s². For scaled preactivations η/τ = p and η² d/τ = γ p, i.e. SCIENCE.md §2. With the
 * spherical constraint, the projection: dQ_jl −= Q_jl (Φ_jj + Φ_ll)/2, dM_jr −= M_jr Φ_jj/2 on Q_jj = 1.
 */
public final class Drift {
    private final int p;
    private final int k;
    private final MomentSource moments;
    private final IncrementMoments work;
    private final double linear;
    private final double quadratic;
    private final double secondLayer;
    private final boolean spherical;

    /**
     * @param quadraticTerms whether to keep the γ E[GGᵀ] term (on by default; off gives the
     *                       gradient-flow limit γ → 0 of the deterministic part)
     */
    public Drift(Problem problem, MomentSource moments, boolean quadraticTerms) {
        this.p = problem.p();
        this.k = problem.k();
        this.moments = moments;
        this.work = new IncrementMoments(p, k);
        double tau = problem.learningRate() / ((double) problem.p() * problem.d());
        double eta = problem.fieldRate();
        this.linear = eta / tau;
        this.quadratic = quadraticTerms ? eta * eta * problem.d() / (problem.batch() * tau) : 0;
        this.secondLayer = problem.secondLayerRate() / tau;
        this.spherical = problem.spherical();
    }

    public int p() {
        return p;
    }

    public int k() {
        return k;
    }

    /** Fills dq (p×p), dm (p×k), da (p) with the drift at (q, m, a). Not thread-safe: one Drift per thread. */
    public void evaluate(double[] q, double[] m, double[] a, double[] dq, double[] dm, double[] da) {
        evaluate(q, m, a, dq, dm, da, spherical);
    }

    /**
     * The drift before the spherical projection: engines that renormalise the state exactly after each
     * increment (the SDE) take it, so that projection acts on drift and noise alike.
     */
    public void evaluateUnprojected(double[] q, double[] m, double[] a, double[] dq, double[] dm, double[] da) {
        evaluate(q, m, a, dq, dm, da, false);
    }

    private void evaluate(double[] q, double[] m, double[] a, double[] dq, double[] dm, double[] da, boolean project) {
        moments.compute(q, m, a, work);
        for (int j = 0; j < p; j++) {
            for (int r = 0; r < k; r++) {
                dm[j * k + r] = -linear * work.gNu[j * k + r];
            }
            for (int l = 0; l < p; l++) {
                dq[j * p + l] = -linear * (work.gLambda[j * p + l] + work.gLambda[l * p + j]) + quadratic * work.gG[j * p + l];
            }
            da[j] = -secondLayer * work.gA[j];
        }
        if (project) {
            project(q, m, dq, dm);
        }
    }

    /**
     * The time derivative of the normalised overlaps Q_jl/√(Q_jj Q_ll), M_jr/√Q_jj. Dividing Φ_jj by
     * Q_jj (= 1 on the sphere) keeps Q_jj exactly constant; without it, Q_jj = 1 is an unstable fixed
     * point of the projected flow wherever Φ_jj < 0 (at mediocrity), and round-off grows exponentially.
     */
    private void project(double[] q, double[] m, double[] dq, double[] dm) {
        double[] rate = new double[p];
        for (int j = 0; j < p; j++) {
            rate[j] = dq[j * p + j] / q[j * p + j];
        }
        for (int j = 0; j < p; j++) {
            for (int l = 0; l < p; l++) {
                dq[j * p + l] -= q[j * p + l] * (rate[j] + rate[l]) / 2;
            }
            dq[j * p + j] = 0;
            for (int r = 0; r < k; r++) {
                dm[j * k + r] -= m[j * k + r] * rate[j] / 2;
            }
        }
    }
}

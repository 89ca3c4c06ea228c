package dev.overlap.engine.ode;

import dev.overlap.linalg.Matrices;
import dev.overlap.linalg.SymmetricEigen;
import dev.overlap.overlaps.FieldLaw;
import dev.overlap.problem.Problem;

/**
 * The expected increment of the overlaps per unit of natural time t = steps·γ/(p·d): the per-step
 * expectation of {@link dev.overlap.overlaps.OverlapStep} with |x|² replaced by its mean d (the
 * d → ∞ limit), divided by the natural time of one step τ = γ/(p d):
 * <pre>
 *   dM/dt = −(η/τ) E[G νᵀ]
 *   dQ/dt = −(η/τ) E[G λᵀ + λ Gᵀ] + (η² d/(B τ)) E[G Gᵀ] + (η²(1 − 1/B)/τ) E[G φᵀ] Ω⁻¹ E[φ Gᵀ]
 *   da/dt = −(γ_a/τ) E[∂ℓ/∂a]
 * </pre>
 * with η = γ s², φ = (λ, ν) and Ω = [[Q, M], [Mᵀ, P]] their covariance. The last two terms are the
 * quadratic increment of a batch: its b = c part ([EM]'s quadratic terms) and its b ≠ c part, the squared
 * mean gradient, by Stein's lemma E[G x] = Rᵀ Ω⁻¹ E[φ G] for the rows R of the fields (docs/theory.md §2).
 * For scaled preactivations η/τ = p, η² d/τ = γ p and the b ≠ c part is O(1/d); for raw preactivations
 * and B ~ d it is O(η) of the linear term and must be kept. With the
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
    /** η²(1 − 1/B)/τ: the batch's squared-mean-gradient term, 0 for B = 1 or without quadratic terms. */
    private final double batchQuadratic;
    private final double[] regressed;
    private final double[] teacherRegressed;
    private final double[] schurInverse;
    private final double[] squared;
    private final SymmetricEigen eigen;
    /** Whether the state keeps the orthogonal fields independent (S diagonal): the batch term's Schur form. */
    private final boolean independentOrthogonalFields;
    private final double[] teacherInverse;
    private final double[] regression;
    private final double[] schur;
    private final double[] orthogonalMoment;
    private final double[] rate;
    /** Drift evaluations so far, for the benchmark's breakdown of an integration. */
    private long evaluations;

    /**
     * @param quadraticTerms whether to keep the γ E[GGᵀ] term (on by default; off gives the
     *                       gradient-flow limit γ → 0 of the deterministic part)
     */
    public Drift(Problem problem, MomentSource moments, boolean quadraticTerms) {
        this(problem, moments, quadraticTerms, false);
    }

    /**
     * @param independentOrthogonalFields whether every state this drift sees has S = Q − M P⁻¹ Mᵀ diagonal
     *                                    ({@link OdeCoordinates#independentOrthogonalFields}): its off-diagonal
     *                                    entries are then round-off and the batch term takes its Schur form
     */
    Drift(Problem problem, MomentSource moments, boolean quadraticTerms, boolean independentOrthogonalFields) {
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
        this.batchQuadratic = quadraticTerms ? eta * eta * (1 - 1.0 / problem.batch()) / tau : 0;
        this.regressed = new double[p * p];
        this.teacherRegressed = new double[p * k];
        this.schurInverse = new double[p * p];
        this.squared = new double[p * p];
        this.eigen = new SymmetricEigen(p);
        this.independentOrthogonalFields = independentOrthogonalFields;
        this.teacherInverse = Matrices.inverse(problem.teacherGram(), k);
        this.regression = new double[p * k];
        this.schur = new double[p * p];
        this.orthogonalMoment = new double[p * p];
        this.rate = new double[p];
    }

    /** Whether the drift needs every entry of E[G λᵀ] (the batch term reads whole rows), whatever the coordinates. */
    static boolean needsFullMoments(Problem problem, boolean quadraticTerms) {
        return quadraticTerms && problem.batch() > 1;
    }

    public int p() {
        return p;
    }

    /** How many times this drift has been evaluated. */
    public long evaluations() {
        return evaluations;
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
        evaluations++;
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
        if (batchQuadratic != 0) {
            addSquaredMeanGradient(q, m, dq);
        }
        if (project) {
            project(q, m, dq, dm);
        }
    }

    /**
     * dQ += η²(1 − 1/B)/τ · K Ω⁺ Kᵀ with K = E[G φᵀ] = (E[G λᵀ], E[G νᵀ]) (p×(p+k)), Ω⁺ the pseudo-inverse, by
     * eliminating ν (docs/theory.md §2): K Ω⁺ Kᵀ = R S⁺ Rᵀ + C P⁻¹ Cᵀ with C = E[G νᵀ], S = Q − M P⁻¹ Mᵀ the
     * covariance of λ⊥ = λ − M P⁻¹ ν and R = E[G λ⊥ᵀ] = E[G λᵀ] − C P⁻¹ Mᵀ. P is fixed and invertible, so only S
     * (p×p) needs a pseudo-inverse — none at all where the coordinates keep S diagonal (the mean-field ones): there
     * S⁺ is a division. (Where S is singular R's columns vanish with it, λ⊥ being 0 there, so S⁺ is the right
     * inverse.) Eigenvalues of S at or below {@link SymmetricEigen#RANK_TOLERANCE} of its largest count as 0.
     */
    private void addSquaredMeanGradient(double[] q, double[] m, double[] dq) {
        squaredMeanGradient(q, m, work, squared);
        for (int i = 0; i < p * p; i++) {
            dq[i] += batchQuadratic * squared[i];
        }
    }

    /** K Ω⁺ Kᵀ (p×p) at overlaps (q, m) for the moments {@code w}, into {@code out}: see {@link #addSquaredMeanGradient}. */
    void squaredMeanGradient(double[] q, double[] m, IncrementMoments w, double[] out) {
        FieldLaw.conditional(p, k, q, m, teacherInverse, regression, schur);
        for (int j = 0; j < p; j++) {
            for (int l = 0; l < p; l++) {
                double r = w.gLambda[j * p + l];
                for (int t = 0; t < k; t++) {
                    r -= w.gNu[j * k + t] * regression[l * k + t];
                }
                orthogonalMoment[j * p + l] = r;
            }
        }
        // regressed = R S⁺
        if (independentOrthogonalFields) { // S's off-diagonal entries are round-off of order |M|²: read the diagonal
            double largest = 0;
            for (int j = 0; j < p; j++) {
                largest = Math.max(largest, schur[j * p + j]);
            }
            for (int l = 0; l < p; l++) {
                double sl = schur[l * p + l];
                double inverse = sl > SymmetricEigen.RANK_TOLERANCE * largest ? 1 / sl : 0;
                for (int j = 0; j < p; j++) {
                    regressed[j * p + l] = orthogonalMoment[j * p + l] * inverse;
                }
            }
        } else {
            eigen.pseudoInverse(schur, schurInverse);
            for (int j = 0; j < p; j++) {
                for (int l = 0; l < p; l++) {
                    double v = 0;
                    for (int u = 0; u < p; u++) {
                        v += orthogonalMoment[j * p + u] * schurInverse[u * p + l];
                    }
                    regressed[j * p + l] = v;
                }
            }
        }
        // C P⁻¹
        for (int j = 0; j < p; j++) {
            for (int r = 0; r < k; r++) {
                double c = 0;
                for (int t = 0; t < k; t++) {
                    c += w.gNu[j * k + t] * teacherInverse[t * k + r];
                }
                teacherRegressed[j * k + r] = c;
            }
        }
        for (int j = 0; j < p; j++) {
            for (int l = 0; l < p; l++) {
                double v = 0;
                for (int u = 0; u < p; u++) {
                    v += regressed[j * p + u] * orthogonalMoment[l * p + u];
                }
                for (int r = 0; r < k; r++) {
                    v += teacherRegressed[j * k + r] * w.gNu[l * k + r];
                }
                out[j * p + l] = v;
            }
        }
    }

    /**
     * The time derivative of the normalised overlaps Q_jl/√(Q_jj Q_ll), M_jr/√Q_jj. Dividing Φ_jj by
     * Q_jj (= 1 on the sphere) keeps Q_jj exactly constant; without it, Q_jj = 1 is an unstable fixed
     * point of the projected flow wherever Φ_jj < 0 (at mediocrity), and round-off grows exponentially.
     */
    private void project(double[] q, double[] m, double[] dq, double[] dm) {
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

package dev.overlap.engine.sde;

import dev.overlap.engine.ode.IncrementCovariance;
import dev.overlap.linalg.Matrices;
import dev.overlap.linalg.SemidefiniteCholesky;
import dev.overlap.overlaps.FieldLaw;
import dev.overlap.problem.Problem;
import dev.overlap.problem.UpdateRule;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The SDE's noise without its D×D covariance (D = p(p+1)/2 + pk + p; Cov[H] has D² ~ p⁴ entries): for
 * two independent samples of the fields from their law at the current overlaps, with increments H₁, H₂
 * from the update rule, E[(H₁ − H₂)(H₁ − H₂)ᵀ] = 2 Cov[H]. So
 * ξ = Σ_{m ≤ M} (H₁ᵐ − H₂ᵐ) ζ_m / √(2M), ζ_m ~ N(0, 1) independent, has mean zero and covariance exactly
 * Cov[H] under the fields' exact law (not a quadrature of it). Its higher moments are not Gaussian's, which
 * a weak scheme allows: weak order one needs the first two moments (docs/theory.md §5). Cost per step:
 * one O(p³/6) factorisation of the conditional covariance and O(M p²), instead of O(N D²) + O(D³).
 */
final class IncrementSampler {
    /** Pairs per step: a few, so that a single step's noise is not as heavy-tailed as one pair's. */
    static final int PAIRS = 4;

    private final Problem problem;
    private final IncrementCovariance increments;
    private final UpdateRule rule;
    private final int p;
    private final int k;
    private final boolean signs;
    private final double[] teacherFactor;
    private final double[] teacherInverse;
    private final double[] regression;
    private final double[] schur;
    private final double[] factor;
    private final double[] gauss;
    private final double[] lambda;
    private final double[] nu;
    private final double[] g;
    private final double[] gA;
    private final double[] first;
    private final double[] second;

    IncrementSampler(Problem problem, IncrementCovariance increments) {
        this.problem = problem;
        this.increments = increments;
        this.rule = problem.rule();
        this.p = problem.p();
        this.k = problem.k();
        this.signs = problem.signTeacherFields();
        this.teacherFactor = Matrices.cholesky(problem.teacherGram(), k);
        this.teacherInverse = Matrices.inverse(problem.teacherGram(), k);
        this.regression = new double[p * k];
        this.schur = new double[p * p];
        this.factor = new double[p * p];
        this.gauss = new double[p + k];
        this.lambda = new double[p];
        this.nu = new double[k];
        this.g = new double[p];
        this.gA = new double[p];
        int n = increments.layout().dimension();
        this.first = new double[n];
        this.second = new double[n];
    }

    /** Writes ξ (covariance Cov[H] at the overlaps q, m, a) into {@code out}, in layout order. */
    void sample(double[] q, double[] m, double[] a, RandomGenerator rng, double[] out) {
        FieldLaw.conditional(p, k, q, m, teacherInverse, regression, schur);
        SemidefiniteCholesky.factor(schur, p, factor);
        Arrays.fill(out, 0);
        double scale = 1 / Math.sqrt(2.0 * PAIRS);
        for (int pair = 0; pair < PAIRS; pair++) {
            increment(a, rng, first);
            increment(a, rng, second);
            double zeta = rng.nextGaussian() * scale;
            for (int u = 0; u < out.length; u++) {
                out[u] += (first[u] - second[u]) * zeta;
            }
        }
    }

    /** One sample of the fields (ν = P^{1/2} g_ν or ±1 bits on the hypercube, λ = Aν + L_S z) and its H. */
    private void increment(double[] a, RandomGenerator rng, double[] h) {
        for (int c = 0; c < p + k; c++) {
            gauss[c] = rng.nextGaussian();
        }
        for (int r = 0; r < k; r++) {
            double v = 0;
            if (signs) {
                v = rng.nextBoolean() ? 1 : -1;
            } else {
                for (int t = 0; t <= r; t++) {
                    v += teacherFactor[r * k + t] * gauss[t];
                }
            }
            nu[r] = v;
        }
        for (int j = 0; j < p; j++) {
            double v = 0;
            for (int r = 0; r < k; r++) {
                v += regression[j * k + r] * nu[r];
            }
            for (int l = 0; l <= j; l++) {
                v += factor[j * p + l] * gauss[k + l];
            }
            lambda[j] = v;
        }
        double y = rule.label(nu, rng.nextGaussian());
        rule.gradients(lambda, y, a, g, gA);
        increments.increment(lambda, nu, g, gA, h);
    }
}

package dev.overlap.overlaps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.gauss.BivariateExpectation;
import dev.overlap.gauss.GaussHermite;
import dev.overlap.problem.Loss;
import dev.overlap.problem.StandardActivation;
import dev.overlap.problem.Teacher;
import dev.overlap.problem.UpdateRule;
import java.util.SplittableRandom;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RiskTest {
    private static final int P = 2;
    private static final int K = 2;
    private static final double[] Q = {1.1, 0.3, 0.3, 0.8};
    private static final double[] M = {0.4, -0.2, 0.1, 0.5};
    private static final double[] TEACHER = {1, 0, 0, 1};
    private static final double[] A = {0.9, 1.3};
    /** (c11, c12, c22): generic, negative correlation, nearly collinear (ρ = 0.95), independent. */
    private static final double[][] COVARIANCES = {{1, 0.3, 1}, {0.5, -0.2, 2}, {2, 1.9, 2}, {1, 0, 0.3}};

    @Test
    void closedFormEqualsGaussHermiteForSquareActivations() {
        SquareActivationRisk closed = new SquareActivationRisk(P, K, 1.0 / P, 1, TEACHER);
        SquareLossRisk generic = new SquareLossRisk(P, K, StandardActivation.SQUARE, StandardActivation.SQUARE,
                1.0 / P, 1, TEACHER, true);
        double c = closed.risk(Q, M, A);
        assertEquals(c, generic.risk(Q, M, A), 1e-12 * Math.abs(c));
    }

    @Test
    void closedFormMatchesScienceMdAtUnitSecondLayer() {
        // R = 2 - 2 m² for p = k = 1, q = 1 (SCIENCE.md §3).
        SquareActivationRisk r = new SquareActivationRisk(1, 1, 1, 1, new double[] {1});
        assertEquals(2 - 2 * 0.3 * 0.3, r.risk(new double[] {1}, new double[] {0.3}, new double[] {1}), 1e-15);
    }

    /** Saad–Solla arcsine form against 200-point Gauss–Hermite, which is exact to ~1e-15 for the entire erf. */
    @Test
    void erfClosedFormAgreesWithQuadrature() {
        BivariateExpectation gh = new BivariateExpectation(new GaussHermite(200));
        for (double[] c : COVARIANCES) {
            double erf = new PairMoment(StandardActivation.ERF, StandardActivation.ERF).of(c[0], c[1], c[2]);
            double quad = gh.of((u, v) -> StandardActivation.ERF.value(u) * StandardActivation.ERF.value(v), c[0], c[1], c[2]);
            assertEquals(quad, erf, 1e-12);
        }
    }

    /**
     * Arc-cosine form against an independent integral: E[relu(u) m(u)], m(u) = E[relu(v) | u] =
     * μΦ(μ/s) + sφ(μ/s) in closed form, and the smooth outer integral over u ∈ (0, 40√c11) by adaptive
     * Gauss–Legendre to 1e-12 (Gauss–Hermite would converge slowly across the kink).
     */
    @Test
    void reluClosedFormAgreesWithConditionalIntegral() {
        NormalDistribution phi = new NormalDistribution(null, 0, 1);
        for (double[] c : COVARIANCES) {
            double relu = new PairMoment(StandardActivation.RELU, StandardActivation.RELU).of(c[0], c[1], c[2]);
            double b = c[1] / c[0];
            double s = Math.sqrt(c[2] - c[1] * b);
            UnivariateFunction integrand = u -> {
                double mu = b * u;
                double cond = s == 0 ? Math.max(mu, 0) : mu * phi.cumulativeProbability(mu / s) + s * phi.density(mu / s);
                return u * cond * Math.exp(-u * u / (2 * c[0])) / Math.sqrt(2 * Math.PI * c[0]);
            };
            double integral = new IterativeLegendreGaussIntegrator(32, 1e-13, 1e-13)
                    .integrate(100_000, integrand, 0, 40 * Math.sqrt(c[0]));
            assertEquals(integral, relu, 1e-11);
        }
    }

    /**
     * Risk from overlaps against a plain Monte Carlo average of the loss over fields drawn from Ω with
     * 400 000 samples; the tolerance is 5 standard errors of that average (a false failure has
     * probability below 1e-6).
     */
    @ParameterizedTest
    @EnumSource(value = StandardActivation.class, names = {"SQUARE", "ERF", "RELU", "TANH", "HE3"})
    void riskMatchesMonteCarlo(StandardActivation sigma) {
        UpdateRule rule = new UpdateRule(sigma, 1.0 / P, Loss.square(1), Teacher.committee(sigma, K), 0);
        PopulationRisk risk = sigma == StandardActivation.SQUARE
                ? new SquareActivationRisk(P, K, 1.0 / P, 1, TEACHER)
                : new SquareLossRisk(P, K, sigma, sigma, 1.0 / P, 1, TEACHER, true);
        double[] mc = monteCarlo(rule, 400_000, 17);
        double r = risk.risk(Q, M, A);
        assertEquals(mc[0], r, 5 * mc[1] + 1e-12, sigma + ": Monte Carlo " + mc[0] + " +- " + mc[1]);
    }

    /** The Sobol risk (logistic loss, XOR-like teacher) against Monte Carlo, 5 standard errors plus QMC error 1e-3. */
    @Test
    void qmcRiskMatchesMonteCarloForLogisticLoss() {
        UpdateRule rule = new UpdateRule(StandardActivation.RELU, 1, Loss.logistic(2), Teacher.xor(), 0);
        QmcRisk qmc = new QmcRisk(P, K, rule, TEACHER, false, dev.overlap.modelfile.RunSpec.DEFAULT_QMC_POINTS);
        double[] mc = monteCarlo(rule, 400_000, 5);
        assertEquals(mc[0], qmc.risk(Q, M, A), 5 * mc[1] + 1e-3);
        double err = qmc.error(Q, M, A);
        assertTrue(err > 0 && err < 1, "error is a probability: " + err);
    }

    /** Mean and standard error of the noiseless loss over (λ, ν) ~ N(0, Ω). */
    private static double[] monteCarlo(UpdateRule rule, int n, long seed) {
        RealMatrix omega = MatrixUtils.createRealMatrix(new double[][] {
            {Q[0], Q[1], M[0], M[1]}, {Q[2], Q[3], M[2], M[3]},
            {M[0], M[2], TEACHER[0], TEACHER[1]}, {M[1], M[3], TEACHER[2], TEACHER[3]}});
        RealMatrix l = new CholeskyDecomposition(omega).getL();
        SplittableRandom rng = new SplittableRandom(seed);
        double sum = 0;
        double sum2 = 0;
        double[] g = new double[4];
        double[] lambda = new double[P];
        double[] nu = new double[K];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 4; c++) {
                g[c] = rng.nextGaussian();
            }
            for (int r = 0; r < 4; r++) {
                double v = 0;
                for (int c = 0; c <= r; c++) {
                    v += l.getEntry(r, c) * g[c];
                }
                if (r < P) {
                    lambda[r] = v;
                } else {
                    nu[r - P] = v;
                }
            }
            double loss = rule.loss().value(rule.predict(lambda, A), rule.label(nu, 0));
            sum += loss;
            sum2 += loss * loss;
        }
        double mean = sum / n;
        return new double[] {mean, Math.sqrt((sum2 / n - mean * mean) / n)};
    }

}

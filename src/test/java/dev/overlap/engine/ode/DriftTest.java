package dev.overlap.engine.ode;

import dev.overlap.experiment.Models;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overlap.TestModels;
import dev.overlap.engine.InitialConditions;
import dev.overlap.problem.Problem;
import dev.overlap.modelfile.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DriftTest {

    private static double[] teacherGram(ModelSpec spec) {
        return TestModels.start(spec).overlaps().teacherArray();
    }

    /**
     * The closed-form moments equal the update rule integrated by an exact Gauss–Hermite rule; both are
     * exact for these polynomials, so they agree to round-off (1e-10 relative, as the issue asks).
     */
    @ParameterizedTest(name = "p={0} k={1} noise={2} readout={3}")
    @CsvSource({"1, 1, 0.0, mean", "2, 1, 1e-2, mean", "3, 2, 0.3, sum", "2, 3, 0.0, sum", "5, 1, 1e-2, mean", "7, 1, 0.0, sum",
            "6, 2, 0.0, mean"})
    void fastPathEqualsGenericPath(int p, int k, double noise, String readout) {
        ModelSpec spec = TestModels.phaseRetrieval("student.p", Integer.toString(p), "teacher.k", Integer.toString(k),
                "teacher.noise", Double.toString(noise), "student.readout", readout, "training.spherical", "false",
                "training.loss-prefactor", "1.5");
        Problem problem = TestModels.problem(spec);
        double[] teacher = teacherGram(spec);
        MomentSource fast = Drifts.moments(problem, Models.numerics(spec));
        MomentSource generic = Drifts.generic(problem, Models.numerics(spec));
        double[] q = new double[p * p];
        double[] m = new double[p * k];
        double[] a = new double[p];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        for (int j = 0; j < p; j++) {
            q[j * p + j] = 1.0 + 0.2 * j;
            for (int l = 0; l < j; l++) {
                q[j * p + l] = q[l * p + j] = 0.1 * (j - l) - 0.05;
            }
            for (int r = 0; r < k; r++) {
                m[j * k + r] = 0.3 * rng.nextDouble() - 0.1;
            }
            a[j] = 0.5 + rng.nextDouble();
        }
        IncrementMoments x = new IncrementMoments(p, k);
        IncrementMoments y = new IncrementMoments(p, k);
        fast.compute(q, m, a, x);
        generic.compute(q, m, a, y);
        assertClose(x.gNu, y.gNu);
        assertClose(x.gLambda, y.gLambda);
        assertClose(x.gG, y.gG);
        assertClose(x.gA, y.gA);
    }

    /** SCIENCE.md §3: at p = 1, q = 1 (spherical), dm/dt = m [4(1 − m²)(1 − 6γ) − 2γΔ]. */
    @ParameterizedTest(name = "gamma={0} noise={1}")
    @CsvSource({"0.1, 1e-4", "0.05, 0.5", "0.15, 0.0"})
    void phaseRetrievalDriftMatchesTheClosedForm(double gamma, double noise) {
        ModelSpec spec = TestModels.phaseRetrieval("training.learning-rate", Double.toString(gamma),
                "teacher.noise", Double.toString(noise));
        Problem problem = TestModels.problem(spec);
        for (MomentSource source : new MomentSource[] {Drifts.moments(problem, Models.numerics(spec)),
                Drifts.generic(problem, Models.numerics(spec))}) {
            Drift drift = new Drift(problem, source, true);
            for (double m : new double[] {0.01, 0.3, 0.9}) {
                double[] dq = new double[1];
                double[] dm = new double[1];
                double[] da = new double[1];
                drift.evaluate(new double[] {1}, new double[] {m}, new double[] {1}, dq, dm, da);
                assertEquals(m * (4 * (1 - m * m) * (1 - 6 * gamma) - 2 * gamma * noise), dm[0], 1e-12);
                assertEquals(0, dq[0], 1e-12);
            }
        }
    }

    /**
     * The batch term K Ω⁺ Kᵀ, computed by eliminating ν (S⁺ a division in the mean-field coordinates, an
     * eigendecomposition of S otherwise), equals K Ω⁺ Kᵀ through the eigendecomposition of Ω itself, on XOR
     * (hypercube and Gaussian inputs): at a mean-field state with one unit inside the teacher plane (S_jj = 0, Ω
     * singular) by both routes, and at a state with correlated orthogonal parts (S not diagonal) by the general one.
     * Tolerance 1e-10 of the term's largest entry: both are exact algebra on the same moments, the Jacobi
     * eigendecompositions converged to 1e-15 relative.
     */
    @ParameterizedTest(name = "inputs {0}")
    @CsvSource({"rademacher", "gaussian"})
    void batchTermEqualsThePseudoInverseOfOmega(String inputs) {
        ModelSpec spec = dev.overlap.modelfile.ModelLoader.load(java.nio.file.Path.of("models/xor-mean-field.yaml"),
                java.util.Map.of("student.p", "4", "inputs", inputs, "run.qmc-points", "512"));
        Problem problem = TestModels.problem(spec);
        int p = 4;
        int k = 2;
        double[] m = {0.3, -0.2, 0.1, 0.5, -0.4, 0.35, 0.05, 0.2};
        double[] a = {0.5, -0.3, 0.4, -0.6};
        double[][] orthogonal = { // S: diagonal with a zero (mean-field), and a full positive-definite one
            {0.8, 0, 0, 0, 0, 1.3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.6},
            {0.8, 0.2, -0.1, 0, 0.2, 1.3, 0.3, 0.1, -0.1, 0.3, 0.9, 0, 0, 0.1, 0, 0.6}};
        MomentSource meanField = Drifts.moments(problem, Models.numerics(spec),
                Drifts.coordinates(problem, Models.numerics(spec)));
        MomentSource generic = Drifts.moments(problem, Models.numerics(spec), true);
        for (int c = 0; c < orthogonal.length; c++) {
            double[] q = new double[p * p];
            for (int j = 0; j < p; j++) {
                for (int l = 0; l < p; l++) {
                    q[j * p + l] = orthogonal[c][j * p + l] + m[j * k] * m[l * k] + m[j * k + 1] * m[l * k + 1]; // P = I
                }
            }
            IncrementMoments moments = new IncrementMoments(p, k);
            (c == 0 ? meanField : generic).compute(q, m, a, moments);
            double[] expected = omegaRoute(problem, q, m, moments);
            double scale = java.util.Arrays.stream(expected).map(Math::abs).max().orElseThrow();
            for (boolean diagonal : c == 0 ? new boolean[] {true, false} : new boolean[] {false}) {
                double[] actual = new double[p * p];
                new Drift(problem, meanField, true, diagonal).squaredMeanGradient(q, m, moments, actual);
                for (int i = 0; i < p * p; i++) {
                    assertEquals(expected[i], actual[i], 1e-10 * scale, "state " + c + ", diagonal S " + diagonal
                            + ", entry " + i);
                }
            }
        }
    }

    /** K Ω⁺ Kᵀ with Ω = [[Q, M], [Mᵀ, P]] pseudo-inverted by its eigendecomposition, K = (E[G λᵀ], E[G νᵀ]). */
    private static double[] omegaRoute(Problem problem, double[] q, double[] m, IncrementMoments w) {
        int p = problem.p();
        int k = problem.k();
        int n = p + k;
        double[] omega = new double[n * n];
        double[] inverse = new double[n * n];
        dev.overlap.overlaps.FieldLaw.covariance(p, k, q, m, problem.teacherGram(), omega);
        new dev.overlap.linalg.SymmetricEigen(n).pseudoInverse(omega, inverse);
        double[][] kk = new double[p][n];
        for (int j = 0; j < p; j++) {
            for (int u = 0; u < n; u++) {
                kk[j][u] = u < p ? w.gLambda[j * p + u] : w.gNu[j * k + u - p];
            }
        }
        double[] out = new double[p * p];
        for (int j = 0; j < p; j++) {
            for (int l = 0; l < p; l++) {
                for (int u = 0; u < n; u++) {
                    for (int v = 0; v < n; v++) {
                        out[j * p + l] += kk[j][u] * inverse[u * n + v] * kk[l][v];
                    }
                }
            }
        }
        return out;
    }

    private static void assertClose(double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-10 * Math.max(1, Math.abs(expected[i])), "entry " + i);
        }
    }

    @Test
    void layoutRoundTrips() {
        StateLayout layout = new StateLayout(3, 2);
        double[] q = {1, 2, 3, 2, 4, 5, 3, 5, 6};
        double[] m = {7, 8, 9, 10, 11, 12};
        double[] a = {13, 14, 15};
        double[] x = new double[layout.dimension()];
        layout.pack(q, m, a, x);
        double[] q2 = new double[9];
        double[] m2 = new double[6];
        double[] a2 = new double[3];
        layout.unpack(x, q2, m2, a2);
        org.junit.jupiter.api.Assertions.assertArrayEquals(q, q2);
        org.junit.jupiter.api.Assertions.assertArrayEquals(m, m2);
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, a2);
    }
}

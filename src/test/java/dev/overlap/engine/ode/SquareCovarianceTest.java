package dev.overlap.engine.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.TestModels;
import dev.overlap.experiment.Models;
import dev.overlap.overlaps.FieldQuadrature;
import dev.overlap.problem.Problem;
import dev.overlap.modelfile.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exact Cov[H] of square activations equals the tensor Gauss–Hermite quadrature where that rule is exact (it
 * integrates polynomials of the covariance's degree without error): every entry, at generic overlaps, a trained
 * second layer, label noise, batch 4 and a two-row teacher, to 1e-10 of the largest entry (rounding only; a wrong
 * Wick pairing, cumulant or coefficient is off by O(1)). At p = 8, where the rule would exceed 2¹⁶ points and the
 * quadrature path falls back to Sobol points, the exact path's eight diagonal M entries are equal, as symmetry says.
 */
class SquareCovarianceTest {
    @ParameterizedTest
    @CsvSource({"1, 1, 0.0", "2, 1, 1.0e-2", "3, 1, 0.3", "2, 2, 0.1"})
    void equalsTheExactQuadratureEntryByEntry(int p, int k, double noise) {
        ModelSpec spec = TestModels.phaseRetrieval("d", "1000", "student.p", String.valueOf(p), "teacher.k",
                String.valueOf(k), "teacher.noise", String.valueOf(noise), "student.second-layer", "trained",
                "training.second-layer-learning-rate", "0.3", "training.batch", "4");
        Problem problem = TestModels.problem(spec);
        assertTrue(problem.squareActivations());
        FieldQuadrature rule = Drifts.quadrature(problem, Models.numerics(spec), true);
        IncrementCovariance exact = new IncrementCovariance(problem, rule, true);
        IncrementCovariance quadrature = new IncrementCovariance(problem, rule, false);
        java.util.Random random = new java.util.Random(11 * p + k);
        double[] q = new double[p * p];
        for (int j = 0; j < p; j++) {
            q[j * p + j] = 0.8 + 0.4 * random.nextDouble();
            for (int l = 0; l < j; l++) {
                q[j * p + l] = q[l * p + j] = 0.2 * (random.nextDouble() - 0.5);
            }
        }
        double[] m = new double[p * k];
        for (int i = 0; i < m.length; i++) {
            m[i] = 0.6 * (random.nextDouble() - 0.5);
        }
        double[] a = new double[p];
        for (int j = 0; j < p; j++) {
            a[j] = 0.7 + 0.6 * random.nextDouble();
        }
        int n = exact.layout().dimension();
        double[] want = new double[n * n];
        double[] got = new double[n * n];
        quadrature.compute(q, m, a, want);
        exact.compute(q, m, a, got);
        double scale = 0;
        for (double v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int u = 0; u < n * n; u++) {
            assertEquals(want[u], got[u], 1e-10 * scale, "entry " + u / n + ", " + u % n);
        }
    }

    @Test
    void theDiagonalOfTheMBlockIsEqualAtPEightWhereTheRuleWouldBeTooLarge() {
        ModelSpec spec = TestModels.phaseRetrieval("d", "1000", "student.p", "8");
        Problem problem = TestModels.problem(spec);
        IncrementCovariance covariance = Drifts.covariance(problem, Models.numerics(spec));
        int p = 8;
        double[] q = new double[p * p];
        for (int j = 0; j < p; j++) {
            q[j * p + j] = 1;
        }
        double[] m = new double[p];
        double[] a = new double[p];
        java.util.Arrays.fill(a, 1);
        double[] block = new double[p * p];
        covariance.block(q, m, a, covariance.layout().mOffset(), p, block);
        for (int j = 1; j < p; j++) {
            assertEquals(block[0], block[j * p + j], 1e-13 * block[0], "diagonal entry " + j);
            assertEquals(0, block[j], 1e-13 * block[0], "off-diagonal entry 0, " + j);
        }
    }
}

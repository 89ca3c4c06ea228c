package dev.overlap.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/**
 * J Σ + Σ Jᵀ = D by the sign-function iteration. Tolerance: the residual relative to ‖J‖‖Σ‖ + ‖D‖ at 1e-11, a
 * thousand times double rounding over the products of ten iterations; a wrong iteration (say D updated with
 * A⁻¹ D A⁻ᵀ instead of A⁻ᵀ D A⁻¹) leaves relative residuals of 0.07–0.1 here.
 */
class LyapunovTest {
    private static double relativeResidual(double[] j, double[] d, int n, RealMatrix sigma) {
        RealMatrix jm = Matrices.matrix(j, n);
        RealMatrix dm = Matrices.matrix(d, n);
        RealMatrix residual = jm.multiply(sigma).add(sigma.multiply(jm.transpose())).subtract(dm);
        return residual.getNorm() / (jm.getNorm() * sigma.getNorm() + dm.getNorm());
    }

    @Test
    void solvesATwoByTwoAndReducesToDOverTwoLambda() {
        double[] j = {2.0, 0.5, 0.0, 1.0};
        double[] d = {1.0, 0.3, 0.3, 2.0};
        RealMatrix sigma = Lyapunov.solve(j, d, 2);
        assertTrue(relativeResidual(j, d, 2, sigma) < 1e-14, "residual " + relativeResidual(j, d, 2, sigma));
        // J = λI: Σ = D/(2λ), entry for entry
        RealMatrix iso = Lyapunov.solve(new double[] {1.5, 0, 0, 1.5}, d, 2);
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                assertEquals(d[a * 2 + b] / 3.0, iso.getEntry(a, b), 1e-14);
            }
        }
    }

    /**
     * A non-symmetric J of order 80 with complex eigenvalues and real parts from 0.05 to 20 (a spread of 400, as
     * between the escape rate and the fast directions of a wide network), against a positive-definite D: the
     * residual vanishes and Σ is a covariance.
     */
    @Test
    void solvesALargeNonSymmetricSystemWithAWideSpectrum() {
        int n = 80;
        SplittableRandom rng = new SplittableRandom(11);
        RealMatrix t = MatrixUtils.createRealMatrix(n, n); // J = V T V⁻¹, T upper triangular with 2×2 rotation blocks
        for (int i = 0; i < n; i++) {
            t.setEntry(i, i, 0.05 * Math.pow(400, (double) i / (n - 1)));
            for (int k = i + 1; k < n; k++) {
                t.setEntry(i, k, rng.nextGaussian() * 0.02);
            }
        }
        for (int i = 0; i + 1 < n; i += 8) {
            t.setEntry(i + 1, i, -1.0); // a complex pair: the block [[a, b], [−1, a']]
            t.setEntry(i, i + 1, 1.0);
        }
        RealMatrix v = MatrixUtils.createRealMatrix(n, n);
        RealMatrix g = MatrixUtils.createRealMatrix(n, n);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                v.setEntry(i, k, (i == k ? 1 : 0) + 0.2 * rng.nextGaussian() / Math.sqrt(n));
                g.setEntry(i, k, rng.nextGaussian());
            }
        }
        RealMatrix jm = v.multiply(t).multiply(MatrixUtils.inverse(v));
        for (double re : new EigenDecomposition(jm).getRealEigenvalues()) {
            assertTrue(re > 0, "the test's J must have eigenvalues with positive real part, got " + re);
        }
        double[] j = Matrices.flatten(jm);
        double[] d = Matrices.flatten(g.multiply(g.transpose()));
        RealMatrix sigma = Lyapunov.solve(j, d, n);
        assertNotNull(sigma);
        double r = relativeResidual(j, d, n, sigma);
        assertTrue(r < 1e-11, "relative residual " + r);
        for (double e : new EigenDecomposition(sigma).getRealEigenvalues()) {
            assertTrue(e > 0, "Σ is a covariance: eigenvalue " + e);
        }
    }

    @Test
    void noCovarianceWhenADirectionIsStableOrNeutral() {
        double[] d = {1.0, 0.3, 0.3, 2.0};
        assertNull(Lyapunov.solve(new double[] {1.0, 0, 0, -0.5}, d, 2), "a real eigenvalue < 0");
        assertNull(Lyapunov.solve(new double[] {-0.1, 1, -1, -0.1}, d, 2), "a complex pair with real part < 0");
        assertNull(Lyapunov.solve(new double[] {1.0, 0, 0, 0}, d, 2), "an eigenvalue 0");
    }
}

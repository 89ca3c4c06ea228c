package dev.overlap.linalg;

import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularMatrixException;

/**
 * The continuous Lyapunov equation J Σ + Σ Jᵀ = D, for J whose eigenvalues all have positive real part: the
 * stationary covariance of dX = −J X dt + D^{1/2} dB, Σ = ∫₀^∞ e^{−Js} D e^{−Jᵀs} ds.
 *
 * <p>Solved by the matrix sign function (Roberts' Newton iteration, with determinant scaling): with A = −Jᵀ, the
 * block matrix Z = [[A, 0], [D, −Aᵀ]] has sign [[−I, 0], [2Σ, I]], and Newton's iteration Z ← (μZ + (μZ)⁻¹)/2
 * keeps the block form, so it runs on A and D alone: A ← (μA + A⁻¹/μ)/2, D ← (μD + A⁻ᵀ D A⁻¹/μ)/2, until
 * A = −I. Each step is one LU inverse and two products, O(n³), and convergence is quadratic (about ten steps):
 * at n = pk = 500 this takes seconds, where the Kronecker system (n² unknowns) would take O(n⁶) time and n⁴
 * memory. An eigenvalue with real part ≤ 0 shows as an iteration that does not reach −I.
 */
public final class Lyapunov {
    private static final int MAX_STEPS = 100;
    private static final double TOLERANCE = 1e-14;

    private Lyapunov() {
    }

    /**
     * Σ (n×n), symmetric, or null when J has an eigenvalue with real part ≤ 0 (then the integral diverges and no
     * covariance solves the equation). {@code j} and {@code d} are row-major; D is taken symmetric.
     */
    public static RealMatrix solve(double[] j, double[] d, int n) {
        RealMatrix a = Matrices.matrix(j, n).transpose().scalarMultiply(-1);
        RealMatrix q = Matrices.matrix(d, n);
        q = q.add(q.transpose()).scalarMultiply(0.5);
        RealMatrix minusIdentity = MatrixUtils.createRealIdentityMatrix(n).scalarMultiply(-1);
        for (int step = 0; step < MAX_STEPS; step++) {
            LUDecomposition lu = new LUDecomposition(a);
            RealMatrix inverse;
            try {
                inverse = lu.getSolver().getInverse();
            } catch (SingularMatrixException e) {
                return null; // an eigenvalue 0
            }
            // μ = |det A|^{−1/n}, from the LU pivots' logarithms (the determinant itself over/underflows at large n)
            RealMatrix u = lu.getU();
            double logDet = 0;
            for (int i = 0; i < n; i++) {
                logDet += Math.log(Math.abs(u.getEntry(i, i)));
            }
            double mu = Math.exp(-logDet / n);
            RealMatrix next = a.scalarMultiply(mu).add(inverse.scalarMultiply(1 / mu)).scalarMultiply(0.5);
            q = q.scalarMultiply(mu).add(inverse.transpose().multiply(q).multiply(inverse).scalarMultiply(1 / mu))
                    .scalarMultiply(0.5);
            double change = next.subtract(a).getNorm();
            a = next;
            if (change <= TOLERANCE * a.getNorm() || a.subtract(minusIdentity).getNorm() <= TOLERANCE * n) {
                break;
            }
        }
        if (!(a.subtract(minusIdentity).getNorm() <= 1e-8 * n)) {
            return null; // converged to a sign with +1 parts: an eigenvalue of J with real part < 0
        }
        RealMatrix sigma = q.scalarMultiply(0.5);
        return sigma.add(sigma.transpose()).scalarMultiply(0.5);
    }
}

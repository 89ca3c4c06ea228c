package dev.overlap.linalg;

/**
 * Functions V diag(f(μ)) Vᵀ of a small symmetric matrix — the square root and the pseudo-inverse, both
 * tolerating semi-definite (and round-off negative) eigenvalues — without allocation: cyclic Jacobi
 * rotations on work arrays owned by the instance (one instance per thread). Hand-written because the field law is refactored at every
 * drift evaluation of the SDE and ODE, where commons-math's EigenDecomposition allocated ~2 kB a call
 * (measured by the engine contract test); Jacobi is also accurate to round-off in every eigenvector.
 */
public final class SymmetricEigen {
    /** Sweeps stop once the off-diagonal mass is below this fraction of the matrix's (squared Frobenius) size. */
    private static final double CONVERGED = 1e-32;
    private static final int MAX_SWEEPS = 60;
    /** Eigenvalues below this fraction of the largest are treated as zero by the pseudo-inverse. */
    /** Eigenvalues at or below this fraction of the largest are taken as 0 by the pseudo-inverse. */
    public static final double RANK_TOLERANCE = 1e-12;

    private final int n;
    private final double[] a;
    private final double[] v;
    private final double[] f;

    public SymmetricEigen(int n) {
        this.n = n;
        this.a = new double[n * n];
        this.v = new double[n * n];
        this.f = new double[n];
    }

    /** Writes V diag(√max(μ, 0)) Vᵀ of the symmetric part of {@code sym} (n×n, row-major) into {@code out}. */
    public void root(double[] sym, double[] out) {
        diagonalise(sym);
        for (int i = 0; i < n; i++) {
            f[i] = Math.sqrt(Math.max(a[i * n + i], 0));
        }
        assemble(out);
    }

    /**
     * Writes the Moore–Penrose inverse of the symmetric part of {@code sym} into {@code out}: 1/μ on the
     * eigenvalues above {@value #RANK_TOLERANCE} of the largest, 0 on the others.
     */
    public void pseudoInverse(double[] sym, double[] out) {
        diagonalise(sym);
        double largest = 0;
        for (int i = 0; i < n; i++) {
            largest = Math.max(largest, Math.abs(a[i * n + i]));
        }
        for (int i = 0; i < n; i++) {
            double mu = a[i * n + i];
            f[i] = mu > RANK_TOLERANCE * largest ? 1 / mu : 0;
        }
        assemble(out);
    }

    /** A ← the diagonal of eigenvalues, V ← the eigenvectors (columns). */
    private void diagonalise(double[] sym) {
        double size = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double x = 0.5 * (sym[i * n + j] + sym[j * n + i]);
                a[i * n + j] = x;
                v[i * n + j] = i == j ? 1 : 0;
                size += x * x;
            }
        }
        for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonal() > CONVERGED * size; sweep++) {
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p * n + q] != 0) {
                        rotate(p, q);
                    }
                }
            }
        }
    }

    /** out = V diag(f) Vᵀ. */
    private void assemble(double[] out) {
        for (int j = 0; j < n; j++) {
            for (int l = j; l < n; l++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += v[j * n + i] * f[i] * v[l * n + i];
                }
                out[j * n + l] = s;
                out[l * n + j] = s;
            }
        }
    }

    private double offDiagonal() {
        double s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    s += a[i * n + j] * a[i * n + j];
                }
            }
        }
        return s;
    }

    /** A ← Jᵀ A J and V ← V J with the rotation J in the (p, q) plane that zeroes a_pq. */
    private void rotate(int p, int q) {
        double theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q]);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < n; k++) {
            double akp = a[k * n + p];
            double akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p * n + k];
            double aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
            double vkp = v[k * n + p];
            double vkq = v[k * n + q];
            v[k * n + p] = c * vkp - s * vkq;
            v[k * n + q] = s * vkp + c * vkq;
        }
    }
}

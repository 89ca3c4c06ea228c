package dev.overlap.linalg;

/**
 * The symmetric square root V diag(√max(μ, 0)) Vᵀ of a small symmetric matrix, tolerating semi-definite
 * (and round-off negative) eigenvalues, without allocation: cyclic Jacobi rotations on work arrays owned
 * by the instance (one instance per thread). Hand-written because the field law is refactored at every
 * drift evaluation of the SDE and ODE, where commons-math's EigenDecomposition allocated ~2 kB a call
 * (measured by the engine contract test); Jacobi is also accurate to round-off in every eigenvector.
 */
public final class SymmetricRoot {
    /** Sweeps stop once the off-diagonal mass is below this fraction of the matrix's (squared Frobenius) size. */
    private static final double CONVERGED = 1e-32;
    private static final int MAX_SWEEPS = 60;

    private final int n;
    private final double[] a;
    private final double[] v;
    private final double[] root;

    public SymmetricRoot(int n) {
        this.n = n;
        this.a = new double[n * n];
        this.v = new double[n * n];
        this.root = new double[n];
    }

    /** Writes the symmetric root of the symmetric part of {@code sym} (n×n, row-major) into {@code out}. */
    public void compute(double[] sym, double[] out) {
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
        for (int i = 0; i < n; i++) {
            root[i] = Math.sqrt(Math.max(a[i * n + i], 0));
        }
        for (int j = 0; j < n; j++) {
            for (int l = j; l < n; l++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += v[j * n + i] * root[i] * v[l * n + i];
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

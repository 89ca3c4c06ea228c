package dev.overlap.linalg;

/**
 * Lower Cholesky factor of a small positive semi-definite matrix, in place of arrays, without
 * allocation: a pivot below {@code 1e-14 × max diagonal} (zero up to round-off) gives a zero column,
 * which is exact for PSD input (a vanishing pivot forces the rest of its column to vanish).
 */
public final class SemidefiniteCholesky {
    private SemidefiniteCholesky() {
    }

    /** Reads the lower triangle of {@code a} (n×n row-major) and writes L with L Lᵀ = a into {@code l}'s lower triangle. */
    public static void factor(double[] a, int n, double[] l) {
        double scale = 0;
        for (int j = 0; j < n; j++) {
            scale = Math.max(scale, Math.abs(a[j * n + j]));
        }
        double tiny = 1e-14 * scale;
        for (int j = 0; j < n; j++) {
            double pivot = a[j * n + j];
            for (int t = 0; t < j; t++) {
                pivot -= l[j * n + t] * l[j * n + t];
            }
            double root = pivot > tiny ? Math.sqrt(pivot) : 0;
            l[j * n + j] = root;
            for (int i = j + 1; i < n; i++) {
                double v = a[i * n + j];
                for (int t = 0; t < j; t++) {
                    v -= l[i * n + t] * l[j * n + t];
                }
                l[i * n + j] = root > 0 ? v / root : 0;
            }
        }
    }
}

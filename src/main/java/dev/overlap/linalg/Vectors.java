package dev.overlap.linalg;

/**
 * Dense vector kernels, above all for the d-dimensional hot loop. The JIT does not reorder floating-point sums, so a
 * single-accumulator dot product is latency-bound (one add per ~4 cycles); four independent
 * accumulators let it issue an add per cycle (measured with {@code overlap bench}).
 */
public final class Vectors {
    private Vectors() {
    }

    public static double dot(double[] x, double[] y) {
        int n = x.length;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[i] * y[i];
            s1 += x[i + 1] * y[i + 1];
            s2 += x[i + 2] * y[i + 2];
            s3 += x[i + 3] * y[i + 3];
        }
        for (; i < n; i++) {
            s0 += x[i] * y[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** x[xo .. xo + n) · y[yo .. yo + n), for vectors packed in a larger array. */
    public static double dot(double[] x, int xo, double[] y, int yo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[xo + i] * y[yo + i];
        }
        return s;
    }

    /**
     * The one pass over W of a single-sample SGD step: every row w_j ← w_j + alpha_j·x, and {@code dots[j]} =
     * (new w_j)·next, the projection on the next input, in the same sweep — so W is read and written once per
     * step instead of read again for the next step's fields. Rows go four at a time, sharing the loads of x
     * and next, their four sums being the independent accumulators the JIT needs (it neither vectorises nor
     * reorders floating-point sums); a lone row keeps four strided accumulators. Two multiplications and two
     * additions per entry: a row's scaling (the spherical projection) is kept aside by the caller instead of
     * being a third multiplication here, which `overlap bench` measured at about a fifth of the step at
     * p = 100, d = 10⁴. Hand-written because this is the sgd hot loop. Fusing the multiplications and additions
     * with {@code Math.fma}, and a tiled variant (a vectorised axpy on a tile, then the projection), were both
     * measured slower inside the engine; the README's Performance section has the numbers.
     */
    public static void updateAndProject(double[][] rows, double[] alpha, double[] x, double[] next, double[] dots) {
        int p = rows.length;
        int j = 0;
        for (; j + 3 < p; j += 4) {
            updateAndProject4(rows[j], rows[j + 1], rows[j + 2], rows[j + 3], alpha, j, x, next, dots);
        }
        for (; j < p; j++) {
            dots[j] = updateAndProject1(rows[j], alpha[j], x, next);
        }
    }

    private static void updateAndProject4(double[] w0, double[] w1, double[] w2, double[] w3, double[] alpha, int j,
                                          double[] x, double[] next, double[] dots) {
        double a0 = alpha[j];
        double a1 = alpha[j + 1];
        double a2 = alpha[j + 2];
        double a3 = alpha[j + 3];
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            double ni = next[i];
            double v0 = w0[i] + a0 * xi;
            double v1 = w1[i] + a1 * xi;
            double v2 = w2[i] + a2 * xi;
            double v3 = w3[i] + a3 * xi;
            w0[i] = v0;
            w1[i] = v1;
            w2[i] = v2;
            w3[i] = v3;
            s0 += v0 * ni;
            s1 += v1 * ni;
            s2 += v2 * ni;
            s3 += v3 * ni;
        }
        dots[j] = s0;
        dots[j + 1] = s1;
        dots[j + 2] = s2;
        dots[j + 3] = s3;
    }

    private static double updateAndProject1(double[] w, double alpha, double[] x, double[] next) {
        int n = w.length;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double v0 = w[i] + alpha * x[i];
            double v1 = w[i + 1] + alpha * x[i + 1];
            double v2 = w[i + 2] + alpha * x[i + 2];
            double v3 = w[i + 3] + alpha * x[i + 3];
            w[i] = v0;
            w[i + 1] = v1;
            w[i + 2] = v2;
            w[i + 3] = v3;
            s0 += v0 * next[i];
            s1 += v1 * next[i + 1];
            s2 += v2 * next[i + 2];
            s3 += v3 * next[i + 3];
        }
        for (; i < n; i++) {
            double v = w[i] + alpha * x[i];
            w[i] = v;
            s0 += v * next[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** y ← (y + alpha·x)·scale. */
    public static void axpyScale(double alpha, double[] x, double[] y, double scale) {
        for (int i = 0; i < y.length; i++) {
            y[i] = (y[i] + alpha * x[i]) * scale;
        }
    }

    /** y ← y + alpha·x. */
    public static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    /** y[offset + i] ← y[offset + i] + alpha·x[i] for i &lt; x.length: a row of a row-major matrix. */
    public static void axpy(double alpha, double[] x, double[] y, int offset) {
        for (int i = 0; i < x.length; i++) {
            y[offset + i] += alpha * x[i];
        }
    }

    public static void scale(double alpha, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] *= alpha;
        }
    }
}

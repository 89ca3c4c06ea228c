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

    public static void scale(double alpha, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] *= alpha;
        }
    }
}

package dev.overlap.gauss;

/**
 * The tensor product of an n-point Gauss–Hermite rule in {@code dim} dimensions: n^dim points, exact
 * for polynomials of degree ≤ 2n − 1 in each coordinate.
 */
public final class TensorHermite implements GaussianPoints {
    private final int dim;
    private final double[][] points;
    private final double[] weights;

    public TensorHermite(int dim, int n) {
        GaussHermite rule = new GaussHermite(n);
        long size = 1;
        for (int c = 0; c < dim; c++) {
            size *= n;
            if (size > Integer.MAX_VALUE / 8) {
                throw new IllegalArgumentException(n + "^" + dim + " points are too many");
            }
        }
        this.dim = dim;
        this.points = new double[(int) size][dim];
        this.weights = new double[(int) size];
        for (int i = 0; i < size; i++) {
            double w = 1;
            int rest = i;
            for (int c = 0; c < dim; c++) {
                int idx = rest % n;
                rest /= n;
                points[i][c] = rule.node(idx);
                w *= rule.weight(idx);
            }
            weights[i] = w;
        }
    }

    /** Number of points n^dim without building them, or Long.MAX_VALUE past 2^62. */
    public static long count(int dim, int n) {
        long size = 1;
        for (int c = 0; c < dim; c++) {
            if (size > (1L << 62) / n) {
                return Long.MAX_VALUE;
            }
            size *= n;
        }
        return size;
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public int size() {
        return weights.length;
    }

    @Override
    public double weight(int i) {
        return weights[i];
    }

    @Override
    public double[] point(int i) {
        return points[i];
    }
}

package dev.overlap.gauss;

/**
 * The tensor product of Gauss–Hermite rules, n_c points in coordinate c: exact for polynomials of
 * degree ≤ 2n_c − 1 in each coordinate c.
 */
public final class TensorHermite implements GaussianPoints {
    private final int dim;
    private final double[][] points;
    private final double[] weights;

    /** @param pointsPerCoordinate n_c for each coordinate */
    public TensorHermite(int[] pointsPerCoordinate) {
        int dimension = pointsPerCoordinate.length;
        GaussHermite[] rules = new GaussHermite[dimension];
        long size = 1;
        for (int c = 0; c < dimension; c++) {
            rules[c] = new GaussHermite(pointsPerCoordinate[c]);
            size *= pointsPerCoordinate[c];
            if (size > Integer.MAX_VALUE / 8) {
                throw new IllegalArgumentException(java.util.Arrays.toString(pointsPerCoordinate) + " points are too many");
            }
        }
        this.dim = dimension;
        this.points = new double[(int) size][dimension];
        this.weights = new double[(int) size];
        for (int i = 0; i < size; i++) {
            double w = 1;
            int rest = i;
            for (int c = 0; c < dimension; c++) {
                int n = pointsPerCoordinate[c];
                int idx = rest % n;
                rest /= n;
                points[i][c] = rules[c].node(idx);
                w *= rules[c].weight(idx);
            }
            weights[i] = w;
        }
    }

    /** Number of points of a rule, or Long.MAX_VALUE past 2^62. */
    public static long count(int[] pointsPerCoordinate) {
        long size = 1;
        for (int n : pointsPerCoordinate) {
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

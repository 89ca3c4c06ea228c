package dev.overlap.linalg;

import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Small dense matrices stored row-major in {@code double[]}, the layout of the overlaps, with the few
 * factorisations the engines need outside their hot loops (commons-math3 does the work).
 */
public final class Matrices {
    private Matrices() {
    }

    /** The n×n identity, row-major. */
    public static double[] identity(int n) {
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            out[i * n + i] = 1;
        }
        return out;
    }

    /** An n×n row-major array as a matrix. */
    public static RealMatrix matrix(double[] flat, int n) {
        RealMatrix x = MatrixUtils.createRealMatrix(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                x.setEntry(i, j, flat[i * n + j]);
            }
        }
        return x;
    }

    /** Row-major copy of a matrix. */
    public static double[] flatten(RealMatrix x) {
        int r = x.getRowDimension();
        int c = x.getColumnDimension();
        double[] out = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[i * c + j] = x.getEntry(i, j);
            }
        }
        return out;
    }

    /** The inverse of an n×n row-major matrix, row-major. */
    public static double[] inverse(double[] flat, int n) {
        return flatten(MatrixUtils.inverse(matrix(flat, n)));
    }

    /** The lower Cholesky factor of a positive-definite n×n row-major matrix, row-major. */
    public static double[] cholesky(double[] flat, int n) {
        return flatten(new CholeskyDecomposition(matrix(flat, n)).getL());
    }

    /** {@link SymmetricEigen#root} of an n×n row-major matrix, row-major. */
    public static double[] symmetricRoot(double[] flat, int n) {
        double[] out = new double[n * n];
        new SymmetricEigen(n).root(flat, out);
        return out;
    }

    /** {@link SymmetricEigen#root} of a square matrix. */
    public static RealMatrix symmetricRoot(RealMatrix sym) {
        int n = sym.getRowDimension();
        return matrix(symmetricRoot(flatten(sym), n), n);
    }
}

package dev.overlap.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SymmetricEigenTest {

    /** A random n×n Gram matrix of rank r (semi-definite when r &lt; n), row-major. */
    private static double[] gram(int n, int r, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][r];
        for (double[] row : x) {
            for (int i = 0; i < r; i++) {
                row[i] = rng.nextDouble(-1, 1);
            }
        }
        RealMatrix g = MatrixUtils.createRealMatrix(x);
        return Matrices.flatten(g.multiply(g.transpose()));
    }

    /**
     * The root R of a Gram matrix S is symmetric with R R = S, and the pseudo-inverse S⁺ satisfies the
     * Penrose identities S S⁺ S = S and S⁺ S S⁺ = S⁺ (checked against commons-math's products), for full-rank
     * and rank-deficient S. 1e-12 relative is a few hundred ulps of entries of order one.
     */
    @ParameterizedTest(name = "n={0} rank={1}")
    @CsvSource({"1, 1", "3, 3", "6, 6", "6, 2", "30, 30", "30, 10"})
    void rootSquaresBackAndPseudoInverseSatisfiesPenrose(int n, int rank) {
        double[] s = gram(n, rank, 17L * n + rank);
        SymmetricEigen eigen = new SymmetricEigen(n);
        double[] root = new double[n * n];
        double[] pinv = new double[n * n];
        eigen.root(s, root);
        eigen.pseudoInverse(s, pinv);
        RealMatrix sm = Matrices.matrix(s, n);
        RealMatrix r = Matrices.matrix(root, n);
        RealMatrix p = Matrices.matrix(pinv, n);
        double scale = sm.getNorm();
        assertClose(sm, r.multiply(r), 1e-12 * scale);
        assertClose(r, r.transpose(), 0);
        assertClose(sm, sm.multiply(p).multiply(sm), 1e-10 * scale);
        assertClose(p, p.multiply(sm).multiply(p), 1e-10 * p.getNorm());
    }

    private static void assertClose(RealMatrix expected, RealMatrix actual, double tolerance) {
        for (int i = 0; i < expected.getRowDimension(); i++) {
            for (int j = 0; j < expected.getColumnDimension(); j++) {
                assertEquals(expected.getEntry(i, j), actual.getEntry(i, j), tolerance, "entry " + i + "," + j);
            }
        }
    }
}

package dev.overlap.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SymmetricProductTest {
    /**
     * Q·D·Q is symmetric; the kernel must give EJML's product bit for bit (the same order of summation), at sizes
     * that exercise the four-row blocks, the rows left over and more than one inner block (64).
     */
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 63, 64, 65, 130})
    void equalsTheGeneralProductOfASymmetricCase(int n) {
        SplittableRandom rng = new SplittableRandom(n);
        double[] q = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = rng.nextDouble(-1, 1);
                q[i * n + j] = v;
                q[j * n + i] = v;
            }
        }
        double[] dq = new double[n * n];
        for (int i = 0; i < n; i++) {
            double d = rng.nextDouble(-2, 2);
            for (int j = 0; j < n; j++) {
                dq[i * n + j] = d * q[i * n + j];
            }
        }
        DMatrixRMaj expected = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(DMatrixRMaj.wrap(n, n, q), DMatrixRMaj.wrap(n, n, dq), expected);
        double[] z = new double[n * n];
        java.util.Arrays.fill(z, Double.NaN); // stale contents must not leak in
        SymmetricProduct.multiply(n, q, dq, z);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                expected.data[i * n + j] = expected.data[j * n + i]; // the lower triangle is the mirror by definition
            }
        }
        assertArrayEquals(expected.data, z, 0);
    }
}

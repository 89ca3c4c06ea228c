package dev.overlap.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fused sgd kernel against the two plain passes it replaces, for every row-block remainder. */
class VectorsTest {
    @Test
    void updateAndProjectIsTheUpdateThenTheDot() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int p = 1; p <= 9; p++) {
            int d = 37; // not a multiple of 4: the tails run too
            double[][] rows = new double[p][d];
            double[][] plain = new double[p][d];
            double[] alpha = new double[p];
            double[] x = new double[d];
            double[] next = new double[d];
            for (int i = 0; i < d; i++) {
                x[i] = rng.nextDouble() - 0.5;
                next[i] = rng.nextDouble() - 0.5;
            }
            for (int j = 0; j < p; j++) {
                alpha[j] = rng.nextDouble();
                for (int i = 0; i < d; i++) {
                    rows[j][i] = rng.nextDouble() - 0.5;
                    plain[j][i] = rows[j][i];
                }
            }
            double[] dots = new double[p];
            Vectors.updateAndProject(rows, alpha, x, next, dots);
            for (int j = 0; j < p; j++) {
                Vectors.axpy(alpha[j], x, plain[j]);
                for (int i = 0; i < d; i++) {
                    assertEquals(plain[j][i], rows[j][i], 0.0, "the update is exactly the axpy");
                }
                // only the order of the sum differs: a few ulps of the terms' magnitude
                assertEquals(Vectors.dot(plain[j], next), dots[j], 1e-14, "p = " + p + ", row " + j);
            }
        }
    }
}

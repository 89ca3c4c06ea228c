package dev.overlap.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    /**
     * A lone row's arithmetic is exactly the axpy's and {@link Vectors#dot}'s, bit for bit, through the tails and
     * after a block of four, so a run's numbers do not depend on which kernel a row went through (summing its
     * four accumulators in another order fails this).
     */
    @Test
    void aLoneRowIsExactlyTheAxpyThenTheDot() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int d : new int[] {1, 3, 37, 1024, 1025, 2085, 3000}) {
            for (int p = 1; p <= 7; p += 2) { // rows 4.. of p = 5 and 7 are lone rows after a block of four
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
                for (int j = p / 4 * 4; j < p; j++) {
                    Vectors.axpy(alpha[j], x, plain[j]);
                    assertArrayEquals(plain[j], rows[j], 0.0, "d = " + d + ", row " + j);
                    assertEquals(Vectors.dot(plain[j], next), dots[j], 0.0, "d = " + d + ", row " + j);
                }
            }
        }
    }
}

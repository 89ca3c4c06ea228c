package dev.overlap.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fused sgd kernel against the two plain passes it replaces, for every row-block remainder. */
class VectorsTest {
    /** p random rows and their copy, the coefficients, this input and the next, entries in [−1/2, 1/2). */
    private record Case(double[][] rows, double[][] plain, double[] alpha, double[] x, double[] next, double[] dots) {
        static Case random(SplittableRandom rng, int p, int d) {
            Case c = new Case(new double[p][d], new double[p][d], new double[p], new double[d], new double[d], new double[p]);
            for (int i = 0; i < d; i++) {
                c.x[i] = rng.nextDouble() - 0.5;
                c.next[i] = rng.nextDouble() - 0.5;
            }
            for (int j = 0; j < p; j++) {
                c.alpha[j] = rng.nextDouble();
                for (int i = 0; i < d; i++) {
                    c.rows[j][i] = rng.nextDouble() - 0.5;
                    c.plain[j][i] = c.rows[j][i];
                }
            }
            return c;
        }

        /** The fused kernel on rows, and the plain axpy on row j's copy. */
        void run() {
            Vectors.updateAndProject(rows, alpha, x, next, dots);
            for (int j = 0; j < rows.length; j++) {
                Vectors.axpy(alpha[j], x, plain[j]);
            }
        }
    }

    @Test
    void updateAndProjectIsTheUpdateThenTheDot() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int p = 1; p <= 9; p++) {
            Case c = Case.random(rng, p, 37); // d not a multiple of 4: the tails run too
            c.run();
            for (int j = 0; j < p; j++) {
                assertArrayEquals(c.plain[j], c.rows[j], 0.0, "the update is exactly the axpy");
                // only the order of the sum differs (a block of four keeps one accumulator per row): the two sums
                // of 37 terms below 1/2 each round to within 37 · 1/2 · 2⁻⁵³ ≈ 2e-15 of the exact one
                assertEquals(Vectors.dot(c.plain[j], c.next), c.dots[j], 1e-14, "p = " + p + ", row " + j);
            }
        }
    }

    /**
     * A lone row (p &lt; 4, or the rows after the blocks of four) sums with the same four strided accumulators, in
     * the same order, as {@link Vectors#dot}: its projection is that dot bit for bit, through the tails (tolerance
     * 0: the same operations in the same order; summing the accumulators in another order fails this).
     */
    @Test
    void aLoneRowIsExactlyTheAxpyThenTheDot() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int d : new int[] {1, 3, 37, 1024, 1025, 2085, 3000}) {
            for (int p = 1; p <= 7; p += 2) { // rows 4.. of p = 5 and 7 are lone rows after a block of four
                Case c = Case.random(rng, p, d);
                c.run();
                for (int j = p / 4 * 4; j < p; j++) {
                    assertArrayEquals(c.plain[j], c.rows[j], 0.0, "d = " + d + ", row " + j);
                    assertEquals(Vectors.dot(c.plain[j], c.next), c.dots[j], 0.0, "d = " + d + ", row " + j);
                }
            }
        }
    }
}

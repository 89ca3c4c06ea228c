package dev.overlap.engine.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.overlap.TestModels;
import dev.overlap.experiment.Models;
import dev.overlap.modelfile.ModelSpec;
import org.junit.jupiter.api.Test;

/**
 * A block of Cov[H] (what the escape theory asks for: the M block, O(size²) per field sample) is the same block
 * of the whole matrix, bit for bit, since both sum the same products over the same samples in the same order.
 * p = 3, k = 1 phase retrieval at generic overlaps, so the M block (offset 6, size 3) is neither the first nor
 * the last: an offset error shows as a Q or a entry.
 */
class IncrementCovarianceTest {
    @Test
    void aBlockIsTheWholeMatrixsBlockAndOutOfRangeIsRefused() {
        ModelSpec spec = TestModels.phaseRetrieval("d", "1000", "student.p", "3");
        IncrementCovariance covariance = Drifts.covariance(TestModels.problem(spec), Models.numerics(spec));
        double[] q = {1.0, 0.3, -0.1, 0.3, 1.2, 0.2, -0.1, 0.2, 0.9};
        double[] m = {0.4, -0.2, 0.1};
        double[] a = {1.0, 0.8, 1.1};
        int n = covariance.layout().dimension();
        double[] whole = new double[n * n];
        covariance.compute(q, m, a, whole);
        int from = covariance.layout().mOffset();
        assertEquals(6, from);
        double[] block = new double[9];
        covariance.block(q, m, a, from, 3, block);
        for (int u = 0; u < 3; u++) {
            for (int v = 0; v < 3; v++) {
                assertEquals(whole[(from + u) * n + from + v], block[u * 3 + v], 0.0, "entry " + u + ", " + v);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> covariance.block(q, m, a, n - 2, 3, new double[9]));
    }
}

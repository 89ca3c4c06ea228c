package dev.overlap.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.commons.math3.stat.interval.ClopperPearsonInterval;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.junit.jupiter.api.Test;

/** The exact binomial interval: commons-math3's inside, closed forms at the edges. */
class SuccessRateTest {
    /** Inside (0 < k < n) it is commons-math3's Clopper–Pearson interval (to 1e-9, the quantile solvers' accuracy). */
    @Test
    void matchesClopperPearsonInside() {
        for (int[] c : new int[][] {{10, 8}, {10, 1}, {40, 17}, {3, 2}}) {
            ConfidenceInterval ref = new ClopperPearsonInterval().createInterval(c[0], c[1], 0.95);
            SuccessRate r = SuccessRate.of(c[1], c[0]);
            assertEquals(ref.getLowerBound(), r.lower(), 1e-9, c[1] + " of " + c[0]);
            assertEquals(ref.getUpperBound(), r.upper(), 1e-9, c[1] + " of " + c[0]);
        }
    }

    /** At k = 0 the upper bound solves (1 − u)ⁿ = α/2, at k = n the lower bound solves lⁿ = α/2. */
    @Test
    void edgesHaveClosedForms() {
        SuccessRate none = SuccessRate.of(0, 10);
        assertEquals(0, none.lower());
        assertEquals(1 - Math.pow(0.025, 0.1), none.upper(), 1e-9);
        SuccessRate all = SuccessRate.of(2, 2);
        assertEquals(Math.pow(0.025, 0.5), all.lower(), 1e-9);
        assertEquals(1, all.upper());
        assertThrows(IllegalArgumentException.class, () -> SuccessRate.of(3, 2));
    }
}

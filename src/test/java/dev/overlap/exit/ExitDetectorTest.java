package dev.overlap.exit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.overlaps.OverlapBuffer;
import dev.overlap.overlaps.OverlapState;
import org.junit.jupiter.api.Test;

class ExitDetectorTest {
    /** max|M| rising linearly by 0.1 per unit time crosses 0.25 at t = 2.5, between the steps at 2 and 3. */
    @Test
    void overlapCriterionIsInterpolatedBetweenSteps() {
        OverlapBuffer state = new OverlapBuffer(new OverlapState(1, 1, new double[] {1}, new double[] {0}, new double[] {1},
                new double[] {1}));
        ExitDetector exit = new ExitDetector(s -> -s.maxAbsM(), v0 -> -0.25, true);
        boolean more = true;
        for (int step = 0; step <= 5 && more; step++) {
            state.m[0] = -0.1 * step;
            more = exit.observe(step, step, state);
        }
        assertFalse(more, "stops at the exit when asked to");
        assertEquals(2.5, exit.exitTime().orElseThrow(), 1e-12);
    }

    @Test
    void noExitIsEmptyNotAnError() {
        OverlapBuffer state = new OverlapBuffer(new OverlapState(1, 1, new double[] {1}, new double[] {0}, new double[] {1},
                new double[] {1}));
        ExitDetector exit = new ExitDetector(s -> 1.0, r0 -> 0.99 * r0, false);
        for (int step = 0; step < 10; step++) {
            assertTrue(exit.observe(step, step, state));
        }
        assertTrue(exit.exitTime().isEmpty());
        assertEquals(0.99, exit.level(), 1e-15);
    }
}

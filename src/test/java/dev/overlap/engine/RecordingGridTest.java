package dev.overlap.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordingGridTest {
    /**
     * Steps of 1e-3 up to t = 10 on a 10-per-decade grid: the recorded steps are step 0 and, for each
     * grid time 10^{i/10} (i = −30..10), the first step at or after it; a step that crosses several
     * grid times (early on) is recorded once.
     */
    @Test
    void logGridRecordsTheFirstStepAtOrAfterEachGridTime() {
        RecordingGrid grid = new RecordingGrid(RecordingGrid.Spacing.LOG, 10, 1e-3, 10);
        List<Long> recorded = new ArrayList<>();
        for (long step = 0; step <= 10_000; step++) {
            if (grid.due(step * 1e-3)) {
                recorded.add(step);
            }
        }
        java.util.TreeSet<Long> expected = new java.util.TreeSet<>(List.of(0L));
        for (int i = -30; i <= 10; i++) {
            expected.add(Math.round(Math.ceil(Math.pow(10, i / 10.0) / 1e-3 - 1e-6)));
        }
        assertEquals(new ArrayList<>(expected), recorded);
        assertEquals(10_000L, recorded.get(recorded.size() - 1));
    }

    @Test
    void linearGridIncludesTMax() {
        RecordingGrid grid = new RecordingGrid(RecordingGrid.Spacing.LINEAR, 4, 0.5, 2);
        int n = 0;
        for (int step = 0; step <= 4; step++) {
            n += grid.due(step * 0.5) ? 1 : 0;
        }
        assertEquals(5, n);
    }
}

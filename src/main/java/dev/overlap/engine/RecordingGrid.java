package dev.overlap.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The times at which a trajectory is recorded: t = 0, then either log-spaced (10^{i/n} for every
 * integer i between the first step's time and t-max, n points per decade) or linear (t-max·i/n),
 * and always t-max. A step is recorded when its time reaches the next grid time, so rows carry the
 * exact state of a step, never an interpolation.
 */
public final class RecordingGrid {
    /** How the recorded times are spaced. */
    public enum Spacing { LOG, LINEAR }

    private final double[] times;
    private int next;

    public RecordingGrid(Spacing grid, int points, double firstStepTime, double tMax) {
        List<Double> t = new ArrayList<>();
        t.add(0.0);
        if (grid == Spacing.LOG) {
            long lo = (long) Math.ceil(points * Math.log10(firstStepTime) - 1e-9);
            long hi = (long) Math.floor(points * Math.log10(tMax) + 1e-9);
            for (long i = lo; i <= hi; i++) {
                t.add(Math.pow(10, (double) i / points));
            }
        } else {
            for (int i = 1; i <= points; i++) {
                t.add(tMax * i / points);
            }
        }
        if (t.get(t.size() - 1) < tMax) {
            t.add(tMax);
        }
        times = t.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The next grid time not yet recorded, or +∞. */
    public double next() {
        return next < times.length ? times[next] : Double.POSITIVE_INFINITY;
    }

    /** Whether a state at time {@code t} should be recorded; advances past every grid time ≤ t. */
    public boolean due(double t) {
        if (next >= times.length || t < times[next] * (1 - 1e-12)) {
            return false;
        }
        while (next < times.length && times[next] * (1 - 1e-12) <= t) {
            next++;
        }
        return true;
    }
}

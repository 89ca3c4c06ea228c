package dev.overlap.engine;

import dev.overlap.overlaps.OverlapBuffer;

/** Watches a running engine. Called at step 0 (the start) and after every step. */
public interface Observer {
    /** @return false to stop the run early (e.g. once an exit was found and nothing else is needed) */
    boolean observe(long step, double t, OverlapBuffer state);

    /** Runs every observer every time; the run goes on while any of them wants it to. */
    static Observer all(Observer... observers) {
        return (step, t, state) -> {
            boolean more = false;
            for (Observer o : observers) {
                more |= o.observe(step, t, state);
            }
            return more;
        };
    }
}

package dev.overlap.engine;

import dev.overlap.overlaps.OverlapBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches a running engine. Stochastic engines call it at step 0 and after every step; continuous
 * engines at t = 0, at every time an observer asks for ({@link #nextTime}) and at the end of each
 * integrator step. An engine that trains a network in place also reports every change it makes to the stored
 * rows (before their row scales, {@link Weights}), so an observer reading them can follow incrementally.
 */
public interface Observer {
    /** @return false to stop the run early (e.g. once an exit was found and nothing else is needed) */
    boolean observe(long step, double t, OverlapBuffer state);

    /** The next time after the last one observed at which this observer wants to see the state. */
    default double nextTime() {
        return Double.POSITIVE_INFINITY;
    }

    /** Level crossings that a continuous engine should locate exactly. */
    default List<Crossing> crossings() {
        return List.of();
    }

    /** The engine added coefficients[j]·x to the stored row j of its network, for every j. */
    default void rowsAdded(double[] coefficients, double[] x) {
    }

    /** The engine multiplied the stored row j of its network by {@code factor}. */
    default void rowScaled(int j, double factor) {
    }

    /** Watches nothing and never keeps a run going on its own: the neutral element of {@link #all}. */
    Observer NONE = (step, t, state) -> false;

    /**
     * The same observations, but the run ends as soon as {@code done} holds, whatever {@code watched} wants: how a run
     * with exit.stop ends at its exit although its recorder would go on to t-max.
     */
    static Observer until(Observer watched, java.util.function.BooleanSupplier done) {
        return new Observer() {
            @Override
            public boolean observe(long step, double t, OverlapBuffer state) {
                boolean more = watched.observe(step, t, state);
                return more && !done.getAsBoolean();
            }

            @Override
            public double nextTime() {
                return watched.nextTime();
            }

            @Override
            public List<Crossing> crossings() {
                return watched.crossings();
            }

            @Override
            public void rowsAdded(double[] coefficients, double[] x) {
                watched.rowsAdded(coefficients, x);
            }

            @Override
            public void rowScaled(int j, double factor) {
                watched.rowScaled(j, factor);
            }
        };
    }

    /** Runs every observer every time; the run goes on while any of them wants it to. */
    static Observer all(Observer... observers) {
        return new Observer() {
            @Override
            public boolean observe(long step, double t, OverlapBuffer state) {
                boolean more = false;
                for (Observer o : observers) {
                    more |= o.observe(step, t, state);
                }
                return more;
            }

            @Override
            public double nextTime() {
                double next = Double.POSITIVE_INFINITY;
                for (Observer o : observers) {
                    next = Math.min(next, o.nextTime());
                }
                return next;
            }

            @Override
            public List<Crossing> crossings() {
                List<Crossing> all = new ArrayList<>();
                for (Observer o : observers) {
                    all.addAll(o.crossings());
                }
                return all;
            }

            @Override
            public void rowsAdded(double[] coefficients, double[] x) {
                for (Observer o : observers) {
                    o.rowsAdded(coefficients, x);
                }
            }

            @Override
            public void rowScaled(int j, double factor) {
                for (Observer o : observers) {
                    o.rowScaled(j, factor);
                }
            }
        };
    }
}

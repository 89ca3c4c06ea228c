package dev.overlap.engine;

import dev.overlap.overlaps.OverlapBuffer;

/**
 * A scalar of the state that an observer wants located exactly when it falls to a level.
 * Continuous engines (the ODE) find it as an integrator event; stochastic engines leave it to the
 * observer, which sees every step.
 */
public interface Crossing {
    double value(OverlapBuffer state);

    /** The level; known once the observer has seen step 0. */
    double level();

    /** Tells the observer that the engine will locate the crossing and report it through {@link #crossed}. */
    void locatedByEngine();

    /** The engine located the crossing at time t; returns whether the run should go on. */
    boolean crossed(double t);
}

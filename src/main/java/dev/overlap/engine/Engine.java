package dev.overlap.engine;

import java.util.random.RandomGenerator;

/**
 * A process that moves a network's overlaps forward in time: full SGD, the exact chain, the SDE or
 * the ODE (docs/architecture.md, "Engines"). Every engine reports its state to an observer at step 0
 * and after each step, on the run's time axis, until t-max or until the observer stops it.
 */
public interface Engine {
    EngineKind kind();

    /**
     * Runs one trajectory from {@code start} with the noise drawn from {@code noise}. An engine that
     * {@link EngineKind#needsNetwork needs the network} trains the start's network in place: give each
     * run its own {@link Start#copy()}.
     *
     * @return the last step taken (SGD-equivalent steps for the continuous engines)
     * @throws DivergenceException when the state stops being finite
     */
    long run(Start start, RandomGenerator noise, Observer observer);
}

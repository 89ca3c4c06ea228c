package dev.overlap.engine;

import java.util.random.RandomGenerator;

/**
 * A process that moves a network's overlaps forward in time: full SGD, the exact chain, the SDE or
 * the ODE (DESIGN.md, "One idea, four engines"). Every engine reports its state to an observer at
 * step 0 and after each step, on the model's time axis, until t-max or until the observer stops it.
 */
public interface Engine {
    /** The engine's name in outputs: sgd, chain, sde or ode. */
    String name();

    /**
     * Runs one trajectory from {@code start} with the noise drawn from {@code noise}.
     *
     * @return the last step taken
     * @throws DivergenceException when the state stops being finite
     */
    long run(Weights start, RandomGenerator noise, Observer observer);
}

package dev.overlap.validation;

import java.util.Map;

/** Falsifier variants that several claims share, each defined once (model overrides, applied last). */
final class Falsifiers {
    private Falsifiers() {
    }

    /**
     * The gradient-flow ablation: the reduced engines without the γ·E[GGᵀ] term (the ODE's and SDE's drift,
     * the chain's η²|x|² term); sgd, which has no such switch, is unchanged.
     */
    static final Map<String, String> NO_QUADRATIC_TERM = Map.of("run.ode-quadratic", "false");

    /**
     * The XOR models' learning rate 1/ln²d divided by 20: phase 1 (≈ ln d/η steps) cannot end before their
     * t-max of 4 ln d/η steps.
     */
    static final Map<String, String> SLOW_LEARNING = Map.of("training.learning-rate", "0.05/log(d)^2");

    /** {@link #SLOW_LEARNING} in words. */
    static final String SLOW_LEARNING_TEXT = "neurons that cannot find the signal within the run: the learning rate "
            + "divided by 20, so phase 1 (≈ ln d/η steps) does not end before t-max (4 ln d/η steps)";
}

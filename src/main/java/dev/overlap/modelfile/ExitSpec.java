package dev.overlap.modelfile;

import dev.overlap.modelfile.Kinds.ExitCriterion;

/**
 * When a run has left mediocrity: risk-drop R ≤ (1 − threshold)·R(0), overlap max|M| ≥ threshold,
 * error ≤ threshold. With {@code stop} the run ends at the exit instead of continuing to t-max.
 * {@code targetError} is ε of "samples to reach test error ε" for classification problems.
 */
public record ExitSpec(ExitCriterion criterion, double threshold, boolean stop, double targetError) {

    /** The same criterion and level, stopping (or not) at the exit. */
    public ExitSpec withStop(boolean newStop) {
        return new ExitSpec(criterion, threshold, newStop, targetError);
    }

    /** Test error ≤ ε as the exit: the end of training for sample-complexity runs. */
    public ExitSpec toTargetError() {
        return new ExitSpec(ExitCriterion.ERROR, targetError, true, targetError);
    }
}

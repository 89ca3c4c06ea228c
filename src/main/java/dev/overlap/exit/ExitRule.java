package dev.overlap.exit;

/**
 * When a run has left mediocrity: risk-drop R ≤ (1 − threshold)·R(0); overlap max|M| ≥ threshold; error:
 * test error ≤ threshold. With {@code stop} the run ends at the exit instead of going on to t-max.
 */
public record ExitRule(Criterion criterion, double threshold, boolean stop) {

    /** The observable whose first passage is the exit. */
    public enum Criterion { RISK_DROP, OVERLAP, ERROR }

    /** The same rule, stopping (or not) at the exit. */
    public ExitRule withStop(boolean newStop) {
        return new ExitRule(criterion, threshold, newStop);
    }
}

package dev.overlap.spec;

import dev.overlap.spec.Kinds.ExitCriterion;

/**
 * When a run has left mediocrity: risk-drop R ≤ (1 − threshold)·R(0), overlap max|M| ≥ threshold,
 * error ≤ threshold. With {@code stop} the run ends at the exit instead of continuing to t-max.
 */
public record ExitSpec(ExitCriterion criterion, double threshold, boolean stop) {
}

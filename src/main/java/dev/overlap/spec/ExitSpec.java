package dev.overlap.spec;

import dev.overlap.spec.Kinds.ExitCriterion;

/** When a run has left mediocrity: risk-drop R ≤ (1 − threshold)·R(0), overlap max|M| ≥ threshold, error ≤ threshold. */
public record ExitSpec(ExitCriterion criterion, double threshold) {
}

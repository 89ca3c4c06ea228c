package dev.overlap.overlaps;

/**
 * How well a ±1 classifier does on its population: mean loss, classification error
 * P(sign ŷ ≠ y), the output scale max|ŷ| over the evaluation points, and the standard error of the
 * error estimate (0 when the expectation is exact or a fixed quasi-Monte Carlo rule).
 */
public record Performance(double loss, double error, double maxAbsOutput, double errorStandardError) {
}

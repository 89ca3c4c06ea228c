package dev.overlap.spec;

import dev.overlap.spec.Kinds.Activation;
import dev.overlap.spec.Kinds.Preactivation;
import dev.overlap.spec.Kinds.Readout;
import dev.overlap.spec.Kinds.SecondLayer;

/** The student ŷ = c Σ_j a_j σ(λ_j) with p hidden units. */
public record StudentSpec(int p, Activation activation, Readout readout, SecondLayer secondLayer,
                          Preactivation preactivation) {
}

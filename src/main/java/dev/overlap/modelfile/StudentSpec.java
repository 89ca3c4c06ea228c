package dev.overlap.modelfile;

import dev.overlap.modelfile.Kinds.Activation;
import dev.overlap.modelfile.Kinds.Preactivation;
import dev.overlap.modelfile.Kinds.Readout;
import dev.overlap.modelfile.Kinds.SecondLayer;

/**
 * The student ŷ = c Σ_j a_j σ(λ_j) with p hidden units.
 *
 * @param signalNeurons how many units (the first ones) may carry the teacher's directions: the others have
 *                      their components in the teacher subspace projected out at the start and after every
 *                      step (an ablation; p, the default, is none)
 */
public record StudentSpec(int p, Activation activation, Readout readout, SecondLayer secondLayer,
                          Preactivation preactivation, int signalNeurons) {
}

package dev.overlap.modelfile;

import dev.overlap.modelfile.Kinds.Loss;

/**
 * Online SGD: loss (times {@code lossPrefactor}), first-layer rate γ, second-layer rate γ_a,
 * mini-batch size B and the optional spherical constraint (every row kept at Q_jj = 1).
 */
public record TrainingSpec(Loss loss, double lossPrefactor, double learningRate, double secondLayerLearningRate,
                           int batch, boolean spherical) {
}

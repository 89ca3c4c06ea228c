package dev.overlap.modelfile;

/**
 * What the trajectory records beyond the overlaps for classification problems (XOR).
 *
 * @param signalHeavyRatio a neuron is signal-heavy when |w_sig| &gt; ratio · |w_⊥|
 * @param testSet          size of the fixed hypercube test set of the full network (sgd only)
 * @param testSeed         seed of that test set
 */
public record ObserveSpec(double signalHeavyRatio, int testSet, long testSeed) {
}

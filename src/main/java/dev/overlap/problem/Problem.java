package dev.overlap.problem;

import dev.overlap.linalg.Matrices;

/**
 * The physics of a model, independent of the engine and of the model file: dimension, width, input
 * law, the per-sample update rule (activation, readout, loss, teacher, label noise) and the SGD
 * settings. Overlaps are the covariances of the fields: Q = s² W Wᵀ, M = s W W*ᵀ/√d with s the field
 * scale (1/√d when preactivations are scaled, so Q = W Wᵀ/d, M = W W*ᵀ/d). Teacher rows are
 * orthonormal times √d (random directions for Gaussian inputs, coordinate vectors on the hypercube),
 * so P = I exactly. The spherical constraint keeps Q_jj = 1.
 *
 * @param fieldScale      s: λ_j = s · w_j·x
 * @param learningRate    γ (first layer), per-neuron rates already scaled for a mean-field readout
 * @param secondLayerRate γ_a, 0 when the second layer is fixed
 * @param signalNeurons   units 0 … signalNeurons − 1 may carry the teacher's directions; the others are kept
 *                        orthogonal to them (an ablation, run by the sgd engine; p: none)
 */
public record Problem(int d, int p, InputLaw inputs, UpdateRule rule, double fieldScale, double learningRate,
                      double secondLayerRate, int batch, boolean spherical, int signalNeurons) {

    /** Whether some units are kept orthogonal to the teacher subspace. */
    public boolean ablated() {
        return signalNeurons < p;
    }

    /** Number of teacher rows. */
    public int k() {
        return rule.teacher().k();
    }

    /** η = γ s², the learning rate seen by the overlaps: ΔM = −η G νᵀ (docs/theory.md §2). */
    public double fieldRate() {
        return learningRate * fieldScale * fieldScale;
    }

    /** Natural time of one SGD step, τ = γ/(p d) (docs/theory.md §2). */
    public double naturalTimePerStep() {
        return learningRate / ((double) p * d);
    }

    /** P = W* W*ᵀ/d = I_k, row-major. */
    public double[] teacherGram() {
        return Matrices.identity(k());
    }

    /** Whether the hypercube's teacher fields are exact ±1 (Rademacher inputs). */
    public boolean signTeacherFields() {
        return inputs.signTeacherFields();
    }

    /** The teacher coordinates of hypercube inputs, empty for Gaussian inputs. */
    public int[] teacherCoordinates() {
        return inputs instanceof InputLaw.Rademacher r ? r.teacherCoordinates() : new int[0];
    }

    /**
     * Whether the closed-form (Isserlis) drift and risk apply: Gaussian inputs, a committee of square
     * activations, a square student and the square loss.
     */
    public boolean squareActivations() {
        return inputs instanceof InputLaw.Gaussian && rule.loss() instanceof Loss.Square
                && rule.activation() == StandardActivation.SQUARE
                && rule.teacher() instanceof Teacher.Committee c && c.activation() == StandardActivation.SQUARE;
    }

}

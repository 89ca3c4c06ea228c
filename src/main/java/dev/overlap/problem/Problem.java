package dev.overlap.problem;

import dev.overlap.spec.Kinds;
import dev.overlap.spec.ModelSpec;
import dev.overlap.spec.TrainingSpec;

/**
 * The physics of a model, independent of the engine: dimension, widths, input law, update rule
 * and SGD settings. Overlaps are the covariances of the fields: Q = s² W Wᵀ, M = s W W*ᵀ/√d with
 * s the field scale (1/√d when preactivations are scaled, so Q = W Wᵀ/d, M = W W*ᵀ/d), and the
 * spherical constraint keeps Q_jj = 1.
 *
 * @param fieldScale         s: λ_j = s · w_j·x
 * @param learningRate       γ (first layer)
 * @param secondLayerRate    γ_a, 0 when the second layer is fixed
 * @param rademacherTeacher  teacher coordinates of Rademacher inputs, empty for Gaussian inputs
 */
public record Problem(int d, int p, int k, Kinds.InputLaw inputKind, InputLaw inputs, UpdateRule rule,
                      double fieldScale, double learningRate, double secondLayerRate, int batch,
                      boolean spherical, int[] rademacherTeacher) {

    public static Problem of(ModelSpec m) {
        int p = m.student().p();
        int k = m.teacher().k();
        TrainingSpec tr = m.training();
        Loss loss = switch (tr.loss()) {
            case SQUARE -> Loss.square(tr.lossPrefactor());
            case LOGISTIC -> Loss.logistic(tr.lossPrefactor());
        };
        Teacher teacher = switch (m.teacher().target()) {
            case COMMITTEE -> Teacher.committee(StandardActivation.of(m.teacher().activation()), k);
            case XOR -> Teacher.xor();
        };
        double readout = m.student().readout() == Kinds.Readout.SUM ? 1.0 : 1.0 / p;
        // Mean-field: per-neuron gradients scaled by p, i.e. both learning rates times p.
        double rateScale = m.student().readout() == Kinds.Readout.MEAN_FIELD ? p : 1.0;
        UpdateRule rule = new UpdateRule(StandardActivation.of(m.student().activation()), readout, loss, teacher,
                m.teacher().noise());
        double s = m.student().preactivation() == Kinds.Preactivation.SCALED ? 1 / Math.sqrt(m.d()) : 1.0;
        boolean gaussian = m.inputs() == Kinds.InputLaw.GAUSSIAN;
        double rateA = m.student().secondLayer() == Kinds.SecondLayer.TRAINED ? tr.secondLayerLearningRate() : 0;
        int[] coords = gaussian ? new int[0] : m.teacher().indices().stream().mapToInt(Integer::intValue).toArray();
        return new Problem(m.d(), p, k, m.inputs(), gaussian ? InputLaw.GAUSSIAN : InputLaw.RADEMACHER, rule, s,
                rateScale * tr.learningRate(), rateScale * rateA, tr.batch(), tr.spherical(), coords);
    }

    /** η = γ s², the learning rate seen by the overlaps: ΔM = −η G νᵀ (SCIENCE.md §2). */
    public double fieldRate() {
        return learningRate * fieldScale * fieldScale;
    }

    @Override
    public int[] rademacherTeacher() {
        return rademacherTeacher.clone();
    }
}

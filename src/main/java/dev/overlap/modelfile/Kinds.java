package dev.overlap.modelfile;

/** The closed vocabularies of the model file. Each constant is written in lower case with dashes. */
public final class Kinds {
    private Kinds() {
    }

    /** Law of the inputs x. */
    public enum InputLaw { GAUSSIAN, RADEMACHER }

    /** Teacher: committee y = (1/k) Σ σ*(ν_r), or xor y = −ν₁ν₂. */
    public enum Target { COMMITTEE, XOR }

    /** Activation functions; erf means σ(z) = erf(z/√2), he3 means z³ − 3z. */
    public enum Activation { SQUARE, ERF, RELU, TANH, HE3, LINEAR }

    /**
     * Readout scale c: mean (1/p), sum (1), or mean-field (1/p with every per-neuron gradient scaled
     * by p, i.e. both learning rates multiplied by p, as in [XOR]'s mean-field form).
     */
    public enum Readout { MEAN, SUM, MEAN_FIELD }

    /** Radius of the balanced initialisation: the scale θ itself, or θ/√p. */
    public enum Radius { SCALE, SCALE_OVER_SQRT_P }

    public enum SecondLayer { FIXED, TRAINED }

    /** scaled: λ = w·x/√d; raw: λ = w·x. */
    public enum Preactivation { SCALED, RAW }

    public enum Loss { SQUARE, LOGISTIC }

    public enum Initial { RANDOM, OVERLAPS, BALANCED }

    public enum ExitCriterion { RISK_DROP, OVERLAP, ERROR }

    /** natural: t = steps·γ/(p·d); samples-per-d: steps·B/d. */
    public enum TimeUnit { NATURAL, STEPS, SAMPLES, SAMPLES_PER_D }

    /** Spacing of the recorded trajectory times. */
    public enum Grid { LOG, LINEAR }

    /** What the ODE integrates: all overlaps, or per neuron (M_j, |w_j⊥|², a_j) with orthogonal parts kept orthogonal. */
    public enum OdeReduction { FULL, MEAN_FIELD }
}

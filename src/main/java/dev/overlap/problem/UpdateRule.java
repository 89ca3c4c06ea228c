package dev.overlap.problem;

/**
 * The per-sample maths of online SGD (docs/theory.md §2), shared by every engine. From the student
 * fields λ, the teacher fields ν, a standard normal ξ and the second layer a it gives the label,
 * the prediction ŷ = c Σ_j a_j σ(λ_j), and the error signals
 * <pre>
 *   G_j  = ∂ℓ/∂λ_j = e · c · a_j · σ'(λ_j),     ∂ℓ/∂a_j = e · c · σ(λ_j),     e = ∂ℓ/∂ŷ.
 * </pre>
 * The first-layer gradient is then ∇_{w_j} ℓ = G_j · s · x with s the field scale (1/√d or 1).
 * Instances are immutable and allocation-free, so engines call them in their hot loops.
 */
public final class UpdateRule {
    private final Activation activation;
    private final double readout;
    private final Loss loss;
    private final Teacher teacher;
    private final double noiseSd;

    /**
     * @param readout c: 1/p for the mean readout, 1 for the sum
     * @param noise   Δ, the variance of the additive label noise
     */
    public UpdateRule(Activation activation, double readout, Loss loss, Teacher teacher, double noise) {
        this.activation = activation;
        this.readout = readout;
        this.loss = loss;
        this.teacher = teacher;
        this.noiseSd = Math.sqrt(noise);
    }

    /** y = g(ν) + √Δ ξ. */
    public double label(double[] nu, double xi) {
        return teacher.label(nu) + noiseSd * xi;
    }

    /** ŷ = c Σ_j a_j σ(λ_j). */
    public double predict(double[] lambda, double[] a) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * activation.value(lambda[j]);
        }
        return readout * s;
    }

    /**
     * Fills {@code g[j] = ∂ℓ/∂λ_j} and {@code gA[j] = ∂ℓ/∂a_j} for one sample and returns its loss.
     */
    public double gradients(double[] lambda, double y, double[] a, double[] g, double[] gA) {
        double yHat = predict(lambda, a);
        signals(loss.derivative(yHat, y), lambda, a, g, gA);
        return loss.value(yHat, y);
    }

    /**
     * The error signals for a given loss derivative e: {@code g[j] = e·c·a_j·σ'(λ_j)}, {@code gA[j] = e·c·σ(λ_j)}.
     * With e = 1 they are the per-unit factors an expansion of e in ŷ multiplies (the ODE's control variate).
     */
    public void signals(double e, double[] lambda, double[] a, double[] g, double[] gA) {
        double ec = e * readout;
        for (int j = 0; j < a.length; j++) {
            g[j] = ec * a[j] * activation.derivative(lambda[j]);
            gA[j] = ec * activation.value(lambda[j]);
        }
    }

    public Activation activation() {
        return activation;
    }

    public double readout() {
        return readout;
    }

    public Loss loss() {
        return loss;
    }

    public Teacher teacher() {
        return teacher;
    }

    public double noise() {
        return noiseSd * noiseSd;
    }
}

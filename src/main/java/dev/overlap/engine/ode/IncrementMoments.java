package dev.overlap.engine.ode;

import java.util.Arrays;

/**
 * Expectations over one sample of the update rule's outputs that the overlap increments are built
 * from (docs/theory.md §2): E[G_j ν_r] (p×k), E[G_j λ_l] (p×p, not symmetric), E[G_j G_l] (p×p) and
 * E[∂ℓ/∂a_j] (p).
 * Mutable work arrays, overwritten by each {@link MomentSource#compute}.
 */
public final class IncrementMoments {
    public final int p;
    public final int k;
    public final double[] gNu;
    public final double[] gLambda;
    public final double[] gG;
    public final double[] gA;

    public IncrementMoments(int p, int k) {
        this.p = p;
        this.k = k;
        this.gNu = new double[p * k];
        this.gLambda = new double[p * p];
        this.gG = new double[p * p];
        this.gA = new double[p];
    }

    void clear() {
        Arrays.fill(gNu, 0);
        Arrays.fill(gLambda, 0);
        Arrays.fill(gG, 0);
        Arrays.fill(gA, 0);
    }
}

package dev.overlap.engine.ode;

import java.util.Arrays;

/**
 * Expectations over one sample of the update rule's outputs that the overlap increments are built
 * from (SCIENCE.md §2): E[G_j ν_r] (p×k), E[G_j λ_l] (p×p, not symmetric), E[G_j G_l] (p×p) and
 * E[∂ℓ/∂a_j] (p); optionally the second moments E[(G_j ν_r)(G_l ν_s)] of the M increment (pk×pk).
 * Mutable work arrays, overwritten by each {@link MomentSource#compute}.
 */
public final class IncrementMoments {
    public final int p;
    public final int k;
    public final double[] gNu;
    public final double[] gLambda;
    public final double[] gG;
    public final double[] gA;
    /** Null unless second moments were asked for. */
    public final double[] gNuGNu;

    public IncrementMoments(int p, int k, boolean secondMoments) {
        this.p = p;
        this.k = k;
        this.gNu = new double[p * k];
        this.gLambda = new double[p * p];
        this.gG = new double[p * p];
        this.gA = new double[p];
        this.gNuGNu = secondMoments ? new double[p * k * p * k] : null;
    }

    void clear() {
        Arrays.fill(gNu, 0);
        Arrays.fill(gLambda, 0);
        Arrays.fill(gG, 0);
        Arrays.fill(gA, 0);
        if (gNuGNu != null) {
            Arrays.fill(gNuGNu, 0);
        }
    }
}

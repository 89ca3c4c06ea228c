package dev.overlap.engine.ode;

import dev.overlap.overlaps.FieldQuadrature;

/** The generic path of the drift: the increment moments as sums over a {@link FieldQuadrature}. */
public final class PointMoments implements MomentSource {
    private final FieldQuadrature quadrature;
    private final boolean offDiagonal;

    public PointMoments(FieldQuadrature quadrature) {
        this(quadrature, true);
    }

    /**
     * @param offDiagonal whether to accumulate the off-diagonal entries of E[G λᵀ] and E[G Gᵀ]
     *                    (O(p²) per point); without them (zeros) for coordinates that use only the diagonal
     */
    public PointMoments(FieldQuadrature quadrature, boolean offDiagonal) {
        this.quadrature = quadrature;
        this.offDiagonal = offDiagonal;
    }

    @Override
    public synchronized void compute(double[] q, double[] m, double[] a, IncrementMoments out) {
        out.clear();
        target = out;
        quadrature.visit(q, m, a, accumulate);
    }

    /** Where {@link #accumulate} adds: set for the duration of one {@link #compute}. */
    private IncrementMoments target;

    /** A field rather than a capturing lambda, so a drift evaluation allocates nothing. */
    private final FieldQuadrature.Visitor accumulate = this::add;

    private void add(double w, double[] lambda, double[] nu, double[] g, double[] gA) {
        IncrementMoments out = target;
        int p = quadrature.p();
        int k = quadrature.k();
        for (int j = 0; j < p; j++) {
            double wg = w * g[j];
            for (int r = 0; r < k; r++) {
                out.gNu[j * k + r] += wg * nu[r];
            }
            if (offDiagonal) {
                for (int l = 0; l < p; l++) {
                    out.gLambda[j * p + l] += wg * lambda[l];
                    out.gG[j * p + l] += wg * g[l];
                }
            } else {
                out.gLambda[j * p + j] += wg * lambda[j];
                out.gG[j * p + j] += wg * g[j];
            }
            out.gA[j] += w * gA[j];
        }
    }
}

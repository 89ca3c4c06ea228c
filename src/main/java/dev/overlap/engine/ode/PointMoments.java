package dev.overlap.engine.ode;

import dev.overlap.gauss.GaussianPoints;
import dev.overlap.overlaps.FieldLaw;
import dev.overlap.problem.UpdateRule;

/**
 * The generic path: the expectations are sums over a point set of the field law of the outputs of
 * the very {@link UpdateRule} the sgd engine uses. Points cover (ν, z, ξ) for Gaussian inputs; for
 * Rademacher inputs ν runs exactly over the 2^k sign patterns and the points cover (z, ξ) only
 * (the Gaussian-equivalent law). ξ is dropped when there is no label noise.
 */
public final class PointMoments implements MomentSource {
    private final int p;
    private final int k;
    private final UpdateRule rule;
    private final FieldLaw law;
    private final GaussianPoints points;
    private final boolean rademacher;
    private final boolean noise;
    private final double[] nu;
    private final double[] lambda;
    private final double[] g;
    private final double[] gA;

    public PointMoments(int p, int k, UpdateRule rule, double[] teacherGram, GaussianPoints points, boolean rademacher) {
        this.p = p;
        this.k = k;
        this.rule = rule;
        this.law = new FieldLaw(p, k, teacherGram);
        this.points = points;
        this.rademacher = rademacher;
        this.noise = rule.noise() > 0;
        int expected = dimension(p, k, rademacher, noise);
        if (points.dimension() != expected) {
            throw new IllegalArgumentException("point set has dimension " + points.dimension() + ", needs " + expected);
        }
        this.nu = new double[k];
        this.lambda = new double[p];
        this.g = new double[p];
        this.gA = new double[p];
    }

    /** Dimension of the point set this source needs. */
    public static int dimension(int p, int k, boolean rademacher, boolean noise) {
        return (rademacher ? 0 : k) + p + (noise ? 1 : 0);
    }

    @Override
    public synchronized void compute(double[] q, double[] m, double[] a, IncrementMoments out) {
        law.update(q, m);
        out.clear();
        int patterns = rademacher ? 1 << k : 1;
        double patternWeight = 1.0 / patterns;
        int offset = rademacher ? 0 : k;
        for (int pattern = 0; pattern < patterns; pattern++) {
            for (int i = 0; i < points.size(); i++) {
                double[] x = points.point(i);
                double w = points.weight(i) * patternWeight;
                if (rademacher) {
                    for (int r = 0; r < k; r++) {
                        nu[r] = ((pattern >> r) & 1) == 0 ? 1 : -1;
                    }
                } else {
                    law.teacherFields(x, 0, nu);
                }
                law.studentFields(nu, x, offset, lambda);
                double y = rule.label(nu, noise ? x[offset + p] : 0);
                rule.gradients(lambda, y, a, g, gA);
                accumulate(w, out);
            }
        }
    }

    private void accumulate(double w, IncrementMoments out) {
        for (int j = 0; j < p; j++) {
            double wg = w * g[j];
            for (int r = 0; r < k; r++) {
                out.gNu[j * k + r] += wg * nu[r];
            }
            for (int l = 0; l < p; l++) {
                out.gLambda[j * p + l] += wg * lambda[l];
                out.gG[j * p + l] += wg * g[l];
            }
            out.gA[j] += w * gA[j];
        }
        if (out.gNuGNu != null) {
            int n = p * k;
            for (int u = 0; u < n; u++) {
                double hu = g[u / k] * nu[u % k];
                for (int v = 0; v < n; v++) {
                    out.gNuGNu[u * n + v] += w * hu * g[v / k] * nu[v % k];
                }
            }
        }
    }
}

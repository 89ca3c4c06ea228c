package dev.overlap.engine.ode;

import dev.overlap.gauss.GaussianPoints;
import dev.overlap.overlaps.FieldLaw;
import dev.overlap.problem.UpdateRule;

/**
 * Expectations over one sample of functions of the update rule's outputs, by a point set of the
 * fields' law: at every point the fields (λ, ν), the noise ξ and the label are formed and the very
 * {@link UpdateRule} the sgd engine uses gives G and ∂ℓ/∂a; a {@link Visitor} accumulates what it
 * needs. Points cover (ν, z, ξ) for Gaussian inputs; for Rademacher inputs ν runs exactly over the 2^k
 * sign patterns and the points cover (z, ξ) (the Gaussian-equivalent law). ξ is dropped without
 * label noise. One instance per thread.
 */
public final class FieldQuadrature {
    /** Receives each weighted sample; arrays are reused, read them only during the call. */
    public interface Visitor {
        void accept(double weight, double[] lambda, double[] nu, double[] g, double[] gA);
    }

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

    public FieldQuadrature(int p, int k, UpdateRule rule, double[] teacherGram, GaussianPoints points, boolean rademacher) {
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

    /** Dimension of the point set a quadrature needs. */
    public static int dimension(int p, int k, boolean rademacher, boolean noise) {
        return (rademacher ? 0 : k) + p + (noise ? 1 : 0);
    }

    public int p() {
        return p;
    }

    public int k() {
        return k;
    }

    /** Visits every weighted sample of the law at overlaps Q (p×p), M (p×k) with second layer a. */
    public void visit(double[] q, double[] m, double[] a, Visitor visitor) {
        law.update(q, m);
        int patterns = rademacher ? 1 << k : 1;
        double patternWeight = 1.0 / patterns;
        int offset = rademacher ? 0 : k;
        for (int pattern = 0; pattern < patterns; pattern++) {
            for (int i = 0; i < points.size(); i++) {
                double[] x = points.point(i);
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
                visitor.accept(points.weight(i) * patternWeight, lambda, nu, g, gA);
            }
        }
    }
}

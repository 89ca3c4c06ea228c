package dev.overlap.overlaps;

import dev.overlap.gauss.GaussianPoints;
import dev.overlap.problem.UpdateRule;

/**
 * Expectations over one sample by a point set of the fields' law — the one place where the law of
 * (λ, ν, ξ) given the overlaps is integrated. At every point the fields and the noise are formed;
 * {@link #visitFields} hands them over as they are (risk, error), {@link #visit} also runs the very
 * {@link UpdateRule} the sgd engine uses to give G and ∂ℓ/∂a (drift, diffusion). Points cover (ν, z, ξ) for Gaussian inputs; for Rademacher inputs ν runs exactly over the 2^k
 * sign patterns and the points cover (z, ξ) (the Gaussian-equivalent law). ξ is dropped without
 * label noise. One instance per thread.
 */
public final class FieldQuadrature {
    /** Receives each weighted sample with the update rule's outputs; arrays are reused, read them only during the call. */
    public interface Visitor {
        void accept(double weight, double[] lambda, double[] nu, double[] g, double[] gA);
    }

    /** Receives each weighted sample of the fields and the label noise ξ; arrays are reused. */
    public interface FieldVisitor {
        void accept(double weight, double[] lambda, double[] nu, double xi);
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
    private final double[] orthogonal;
    /** Per sign pattern (Rademacher inputs): its teacher fields, and its terms of λ's teacher part. */
    private final double[][] patternFields;
    private final double[][] teacherTerms;
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
        this.orthogonal = new double[p];
        this.patternFields = rademacher ? new double[1 << k][k] : null;
        this.teacherTerms = rademacher ? new double[1 << k][k * p] : null;
        this.g = new double[p];
        this.gA = new double[p];
    }

    /** Sign pattern {@code pattern} of k teacher bits into {@code nu}: bit r of the pattern set means ν_r = −1. */
    public static void signPattern(int pattern, double[] nu) {
        for (int r = 0; r < nu.length; r++) {
            nu[r] = ((pattern >> r) & 1) == 0 ? 1 : -1;
        }
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

    /** Visits every weighted sample of the law at overlaps Q (p×p), M (p×k), with the update rule's outputs for second layer a. */
    public void visit(double[] q, double[] m, double[] a, Visitor visitor) {
        withRule.a = a;
        withRule.visitor = visitor;
        visitFields(q, m, withRule);
    }

    /** Runs the update rule at each sample; a field, not a capturing lambda, so a visit allocates nothing. */
    private final RuleVisitor withRule = new RuleVisitor();

    private final class RuleVisitor implements FieldVisitor {
        private double[] a;
        private Visitor visitor;

        @Override
        public void accept(double w, double[] lam, double[] n, double xi) {
            rule.gradients(lam, rule.label(n, xi), a, g, gA);
            visitor.accept(w, lam, n, g, gA);
        }
    }

    /** Visits every weighted sample (λ, ν, ξ) of the law at overlaps Q (p×p), M (p×k). */
    public void visitFields(double[] q, double[] m, FieldVisitor visitor) {
        law.update(q, m);
        if (!rademacher) {
            for (int i = 0; i < points.size(); i++) {
                double[] x = points.point(i);
                law.teacherFields(x, 0, nu);
                law.studentFields(nu, x, k, lambda);
                visitor.accept(points.weight(i), lambda, nu, noise ? x[k + p] : 0);
            }
            return;
        }
        // The orthogonal part of λ does not depend on the sign pattern: form it once per point; the teacher part's
        // terms depend on the pattern only: form them once per pattern
        int patterns = 1 << k;
        double patternWeight = 1.0 / patterns;
        for (int pattern = 0; pattern < patterns; pattern++) {
            signPattern(pattern, patternFields[pattern]);
            law.teacherTerms(patternFields[pattern], teacherTerms[pattern]);
        }
        for (int i = 0; i < points.size(); i++) {
            double[] x = points.point(i);
            law.orthogonalFields(x, 0, orthogonal);
            for (int pattern = 0; pattern < patterns; pattern++) {
                law.addTeacherTerms(teacherTerms[pattern], orthogonal, lambda);
                System.arraycopy(patternFields[pattern], 0, nu, 0, k);
                visitor.accept(points.weight(i) * patternWeight, lambda, nu, noise ? x[p] : 0);
            }
        }
    }
}

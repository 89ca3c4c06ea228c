package dev.overlap.overlaps;

import dev.overlap.gauss.SobolNormals;
import dev.overlap.problem.UpdateRule;

/**
 * Population risk (and classification error) for any loss and teacher by quasi-Monte Carlo: a
 * {@link FieldQuadrature} on a fixed Sobol point set, so the result is a smooth deterministic function
 * of the overlaps. The label is the noiseless teacher's; with Rademacher inputs the teacher bits are
 * summed exactly over their 2^k patterns and the student fields are Gaussian-equivalent.
 */
public final class QmcRisk implements PopulationRisk {
    private final UpdateRule rule;
    private final FieldQuadrature quadrature;

    public QmcRisk(int p, int k, UpdateRule rule, double[] teacherGram, boolean rademacher, int n) {
        this.rule = rule;
        int dim = FieldQuadrature.dimension(p, k, rademacher, rule.noise() > 0);
        this.quadrature = new FieldQuadrature(p, k, rule, teacherGram, new SobolNormals(dim, n), rademacher);
    }

    @Override
    public double risk(double[] q, double[] m, double[] a) {
        return average(q, m, a, false);
    }

    /** P(sign ŷ ≠ sign y): the test error for ±1 labels. */
    public double error(double[] q, double[] m, double[] a) {
        return average(q, m, a, true);
    }

    /**
     * Loss, error and the largest |ŷ| over the quadrature's points in one pass; with Rademacher inputs
     * the Gaussian-equivalent values (teacher bits exact, the rest of each field Gaussian).
     */
    public synchronized Performance performance(double[] q, double[] m, double[] a) {
        double[] acc = new double[3];
        quadrature.visitFields(q, m, (w, lambda, nu, xi) -> {
            double y = rule.label(nu, 0);
            double yHat = rule.predict(lambda, a);
            acc[0] += w * rule.loss().value(yHat, y);
            acc[1] += yHat * y <= 0 ? w : 0;
            acc[2] = Math.max(acc[2], Math.abs(yHat));
        });
        return new Performance(acc[0], acc[1], acc[2], 0);
    }

    private synchronized double average(double[] q, double[] m, double[] a, boolean error) {
        double[] sum = {0};
        quadrature.visitFields(q, m, (w, lambda, nu, xi) -> {
            double y = rule.label(nu, 0);
            double yHat = rule.predict(lambda, a);
            sum[0] += w * (error ? (yHat * y <= 0 ? 1 : 0) : rule.loss().value(yHat, y));
        });
        return sum[0];
    }
}

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
    /** Sobol points: the QMC error of a smooth integrand in ≤ 10 dimensions is well below 1e-3 here. */
    public static final int DEFAULT_POINTS = 1 << 13;

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

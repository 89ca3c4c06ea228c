package dev.overlap.overlaps;

import dev.overlap.gauss.SobolNormals;
import dev.overlap.problem.UpdateRule;

/**
 * Population risk (and classification error) for any loss and teacher by quasi-Monte Carlo over the
 * joint law of the fields ({@link FieldLaw}), on a fixed Sobol point set so the result is a smooth
 * deterministic function of the overlaps. With Rademacher inputs the teacher fields are exact ±1 bits
 * (from the first k uniform coordinates) and the student fields Gaussian-equivalent.
 */
public final class QmcRisk implements PopulationRisk {
    /** Sobol points: the QMC error of a smooth integrand in ≤ 10 dimensions is well below 1e-3 here. */
    public static final int DEFAULT_POINTS = 1 << 13;

    private final int p;
    private final int k;
    private final UpdateRule rule;
    private final boolean rademacher;
    private final FieldLaw law;
    private final SobolNormals points;

    public QmcRisk(int p, int k, UpdateRule rule, double[] teacherGram, boolean rademacher, int n) {
        this.p = p;
        this.k = k;
        this.rule = rule;
        this.rademacher = rademacher;
        this.law = new FieldLaw(p, k, teacherGram);
        this.points = new SobolNormals(p + k, n);
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
        law.update(q, m);
        double[] nu = new double[k];
        double[] lambda = new double[p];
        double sum = 0;
        int n = points.size();
        for (int i = 0; i < n; i++) {
            double[] g = points.point(i);
            if (rademacher) {
                for (int r = 0; r < k; r++) {
                    nu[r] = points.uniform(i)[r] < 0.5 ? -1 : 1;
                }
            } else {
                law.teacherFields(g, 0, nu);
            }
            law.studentFields(nu, g, k, lambda);
            double y = rule.label(nu, 0);
            double yHat = rule.predict(lambda, a);
            sum += error ? (yHat * y <= 0 ? 1 : 0) : rule.loss().value(yHat, y);
        }
        return sum / n;
    }
}

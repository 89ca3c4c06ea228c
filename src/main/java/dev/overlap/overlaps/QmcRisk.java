package dev.overlap.overlaps;

import dev.overlap.gauss.SobolNormals;
import dev.overlap.problem.UpdateRule;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Population risk (and classification error) for any loss and teacher by quasi-Monte Carlo over the
 * joint law of the fields, on a fixed Sobol point set so the result is a smooth deterministic
 * function of the overlaps. The teacher fields are ν = P^{1/2} g (Gaussian inputs) or exact ±1 bits
 * (Rademacher inputs, P = I); the student fields are λ = M P⁻¹ ν + S^{1/2} z with S = Q − M P⁻¹ Mᵀ.
 * For Rademacher inputs the Gaussian λ given ν is the Gaussian-equivalent approximation of
 * SCIENCE.md §4; for Gaussian inputs it is exact.
 */
public final class QmcRisk implements PopulationRisk {
    /** Sobol points: the QMC error of a smooth integrand in ≤ 10 dimensions is well below 1e-3 here. */
    public static final int DEFAULT_POINTS = 1 << 13;

    private final int p;
    private final int k;
    private final UpdateRule rule;
    private final boolean rademacher;
    private final double[] teacherFactor;
    private final double[] teacherInverse;
    private final SobolNormals points;

    public QmcRisk(int p, int k, UpdateRule rule, double[] teacherGram, boolean rademacher, int n) {
        this.p = p;
        this.k = k;
        this.rule = rule;
        this.rademacher = rademacher;
        RealMatrix gram = MatrixUtils.createRealMatrix(k, k);
        for (int r = 0; r < k; r++) {
            for (int s = 0; s < k; s++) {
                gram.setEntry(r, s, teacherGram[r * k + s]);
            }
        }
        this.teacherFactor = flatten(symmetricRoot(gram));
        this.teacherInverse = flatten(MatrixUtils.inverse(gram));
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

    private double average(double[] q, double[] m, double[] a, boolean error) {
        // A = M P⁻¹ (p×k) and the root of the conditional covariance S = Q − A Mᵀ.
        double[] reg = new double[p * k];
        RealMatrix s = MatrixUtils.createRealMatrix(p, p);
        for (int j = 0; j < p; j++) {
            for (int r = 0; r < k; r++) {
                double v = 0;
                for (int t = 0; t < k; t++) {
                    v += m[j * k + t] * teacherInverse[t * k + r];
                }
                reg[j * k + r] = v;
            }
        }
        for (int j = 0; j < p; j++) {
            for (int l = 0; l < p; l++) {
                double v = q[j * p + l];
                for (int r = 0; r < k; r++) {
                    v -= reg[j * k + r] * m[l * k + r];
                }
                s.setEntry(j, l, v);
            }
        }
        double[] root = flatten(symmetricRoot(s));
        double[] nu = new double[k];
        double[] lambda = new double[p];
        double sum = 0;
        int n = points.size();
        for (int i = 0; i < n; i++) {
            double[] g = points.normal(i);
            for (int r = 0; r < k; r++) {
                if (rademacher) {
                    nu[r] = points.uniform(i)[r] < 0.5 ? -1 : 1;
                } else {
                    double v = 0;
                    for (int t = 0; t < k; t++) {
                        v += teacherFactor[r * k + t] * g[t];
                    }
                    nu[r] = v;
                }
            }
            for (int j = 0; j < p; j++) {
                double v = 0;
                for (int r = 0; r < k; r++) {
                    v += reg[j * k + r] * nu[r];
                }
                for (int l = 0; l < p; l++) {
                    v += root[j * p + l] * g[k + l];
                }
                lambda[j] = v;
            }
            double y = rule.label(nu, 0);
            double yHat = rule.predict(lambda, a);
            sum += error ? (yHat * y <= 0 ? 1 : 0) : rule.loss().value(yHat, y);
        }
        return sum / n;
    }

    /** V diag(√max(μ, 0)) Vᵀ: a square root that tolerates semi-definite (and round-off negative) matrices. */
    static RealMatrix symmetricRoot(RealMatrix sym) {
        RealMatrix s = sym.add(sym.transpose()).scalarMultiply(0.5);
        EigenDecomposition e = new EigenDecomposition(s);
        double[] mu = e.getRealEigenvalues();
        RealMatrix v = e.getV();
        double[] root = new double[mu.length];
        for (int i = 0; i < mu.length; i++) {
            root[i] = Math.sqrt(Math.max(mu[i], 0));
        }
        return v.multiply(MatrixUtils.createRealDiagonalMatrix(root)).multiply(v.transpose());
    }

    private static double[] flatten(RealMatrix x) {
        int r = x.getRowDimension();
        int c = x.getColumnDimension();
        double[] out = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[i * c + j] = x.getEntry(i, j);
            }
        }
        return out;
    }
}

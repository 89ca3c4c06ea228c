package dev.overlap.engine.ode;

import dev.overlap.gauss.ReluGaussian;
import dev.overlap.gauss.TensorHermite;
import dev.overlap.linalg.Matrices;
import dev.overlap.linalg.Vectors;
import dev.overlap.overlaps.FieldLaw;
import dev.overlap.overlaps.FieldQuadrature;
import dev.overlap.problem.Loss;
import dev.overlap.problem.UpdateRule;

/**
 * The increment moments of a ReLU network when the orthogonal parts of the fields are independent (the mean-field
 * coordinates): the loss derivative linearised in the output, e ≈ e₀(y) + e₁(y)·ŷ, is integrated exactly over the
 * orthogonal fields and only the remainder goes through the point set. The teacher fields ν run over the 2^k sign
 * patterns (the hypercube, exact) or, for Gaussian inputs, over a tensor Gauss–Hermite rule in k dimensions, on
 * which the integrand (y(ν) times Φ, φ of the linear means A_j ν) is smooth.
 * <p>
 * Why: in phase 1 of [XOR] the signal part of a field is of order 1/√d, and E[σ'(λ_j) ν] moves by that much
 * around ½; a point set of n points errs by ~1/n there, which at d = 10⁶ is as large as the signal itself. With
 * e linear in ŷ = c Σ_i a_i σ(λ_i) and the λ_i independent given ν, every moment factorises into the closed
 * forms of {@link ReluGaussian} (O(p) per sign pattern, O(p²) for the off-diagonal entries), and the remainder,
 * O(ŷ³) for the logistic loss, is small exactly where the signal is. For E[G Gᵀ] the control variate is
 * e₀² + 2e₀e₁ŷ, the expansion of e² to the same order. Exact (to the point set's error on the remainder) at
 * any output size; the point set's own error is what it saves.
 */
public final class ControlVariateMoments implements MomentSource {
    private final int p;
    private final int k;
    private final UpdateRule rule;
    private final Loss loss;
    private final double c;
    private final FieldQuadrature quadrature;
    private final boolean rows;
    private final boolean noise;
    private final double[] teacherInverse;
    private final double[] regression;
    private final double[] schur;
    private final double[] sd;
    private final double[] nu;
    private final double[] mu;
    private final double[] gate;
    private final double[] mean;
    private final double[] second;
    /** e₁·c a_l (E[σ_l²] − μ_l E[σ_l]): the part of E[e σ'_j λ_l] that unit l's own output carries, per unit l. */
    private final double[] crossing;
    private final double[] unit;
    private final double[] unitA;
    private final int[] active;

    /**
     * Gauss–Hermite points per teacher coordinate for Gaussian inputs (16² = 256 at k = 2): within 10⁻⁸ of a rule twice
     * as fine at order-one signals (the test), far below the remainder's point-set error; 24 reach 10⁻¹² at 2.3× the cost.
     */
    public static final int TEACHER_POINTS = 16;

    /** The teacher fields ν the closed forms run over, with their weights. */
    private final double[][] teacherPoints;
    private final double[] teacherWeights;

    /**
     * @param quadrature the point set for the remainder
     * @param signs      whether the teacher fields are sign patterns (hypercube inputs), else Gaussian with
     *                   covariance {@code teacherGram}
     * @param rows       whether to fill whole rows of E[G λᵀ] (the batch term reads them), else its diagonal
     * @param noise      whether to fill the off-diagonal entries of E[G Gᵀ], else its diagonal (the mean-field
     *                   coordinates read only dQ_jj: O(p) instead of O(p²) per point for this moment)
     */
    public ControlVariateMoments(UpdateRule rule, double[] teacherGram, FieldQuadrature quadrature, boolean signs,
                                 boolean rows, boolean noise) {
        if (!applies(rule)) {
            throw new IllegalArgumentException("the exact linearised moments need ReLU units and noiseless labels");
        }
        this.p = quadrature.p();
        this.k = quadrature.k();
        this.rule = rule;
        this.loss = rule.loss();
        this.c = rule.readout();
        this.quadrature = quadrature;
        this.rows = rows;
        this.noise = noise;
        this.teacherInverse = Matrices.inverse(teacherGram, k);
        this.regression = new double[p * k];
        this.schur = new double[p * p];
        this.sd = new double[p];
        this.nu = new double[k];
        this.mu = new double[p];
        this.gate = new double[p];
        this.mean = new double[p];
        this.second = new double[p];
        this.crossing = new double[p];
        this.unit = new double[p];
        this.unitA = new double[p];
        this.active = new int[p];
        if (signs) {
            int patterns = 1 << k;
            teacherPoints = new double[patterns][k];
            teacherWeights = new double[patterns];
            for (int pattern = 0; pattern < patterns; pattern++) {
                FieldQuadrature.signPattern(pattern, teacherPoints[pattern]);
                teacherWeights[pattern] = 1.0 / patterns;
            }
        } else {
            int[] counts = new int[k];
            java.util.Arrays.fill(counts, TEACHER_POINTS);
            TensorHermite hermite = new TensorHermite(counts);
            FieldLaw law = new FieldLaw(p, k, teacherGram);
            teacherPoints = new double[hermite.size()][k];
            teacherWeights = new double[hermite.size()];
            for (int i = 0; i < hermite.size(); i++) {
                law.teacherFields(hermite.point(i), 0, teacherPoints[i]); // ν = P^{1/2} g, as the point sets map it
                teacherWeights[i] = hermite.weight(i);
            }
        }
    }

    /** Whether the closed forms cover the rule: ReLU units and labels without noise. */
    public static boolean applies(UpdateRule rule) {
        return rule.activation() == dev.overlap.problem.StandardActivation.RELU && rule.noise() == 0;
    }

    @Override
    public synchronized void compute(double[] q, double[] m, double[] a, IncrementMoments out) {
        linearised(q, m, a, out);
        target = out;
        coefficients = a;
        quadrature.visitFields(q, m, remainder);
    }

    /** The exact moments of the linearised loss alone (the control variate), into {@code out}. */
    synchronized void linearised(double[] q, double[] m, double[] a, IncrementMoments out) {
        out.clear();
        FieldLaw.conditional(p, k, q, m, teacherInverse, regression, schur);
        orthogonalScales(q);
        for (int i = 0; i < teacherWeights.length; i++) {
            System.arraycopy(teacherPoints[i], 0, nu, 0, k);
            addLinearised(teacherWeights[i], a, out);
        }
    }

    /** The orthogonal standard deviations, after checking that the orthogonal parts are independent. */
    private void orthogonalScales(double[] q) {
        double ratio = FieldLaw.offDiagonalRatio(p, schur, q);
        // a guard against states from other coordinates, not FieldLaw's classification: ten times its round-off bound
        if (ratio > 10 * FieldLaw.DIAGONAL_TOLERANCE) {
            throw new IllegalStateException("the linearised moments need independent orthogonal fields, but "
                    + "Q - M P^-1 M^T has off-diagonal entries " + ratio + " of Q's diagonal");
        }
        for (int j = 0; j < p; j++) {
            sd[j] = Math.sqrt(Math.max(0, schur[j * p + j]));
        }
    }

    /** Adds w × the exact moments of the linearised loss at one value of the teacher fields ν. */
    private void addLinearised(double w, double[] a, IncrementMoments out) {
        double y = rule.label(nu, 0);
        double e0 = loss.derivativeAtZero(y);
        double e1 = loss.curvatureAtZero(y);
        double output = 0;
        for (int j = 0; j < p; j++) {
            double v = 0;
            for (int r = 0; r < k; r++) {
                v += regression[j * k + r] * nu[r];
            }
            mu[j] = v;
            ReluGaussian g = ReluGaussian.of(v, sd[j]);
            gate[j] = g.gate();
            mean[j] = g.mean();
            second[j] = g.secondMoment();
            output += c * a[j] * mean[j];
        }
        if (rows) {
            for (int l = 0; l < p; l++) {
                crossing[l] = e1 * c * a[l] * (second[l] - mu[l] * mean[l]);
            }
        }
        // E[ŷ σ'_j] etc. split the sum over units into unit j (and l) and the others, which are independent of it
        for (int j = 0; j < p; j++) {
            double own = c * a[j] * mean[j];
            double eRest = e0 + e1 * (output - own);
            double gateMoment = gate[j] * eRest + e1 * own;                        // E[e σ'_j]
            double valueMoment = mean[j] * eRest + e1 * c * a[j] * second[j];     // E[e σ_j] = E[e σ'_j λ_j]
            double wca = w * c * a[j];
            for (int r = 0; r < k; r++) {
                out.gNu[j * k + r] += wca * nu[r] * gateMoment;
            }
            out.gA[j] += w * c * valueMoment;
            out.gLambda[j * p + j] += wca * valueMoment;
            double squareRest = e0 * e0 + 2 * e0 * e1 * (output - own);
            out.gG[j * p + j] += wca * c * a[j] * (gate[j] * squareRest + 2 * e0 * e1 * own);
            if (rows) {
                // E[e σ'_j λ_l], l ≠ j, is rank two in (j, l): μ_l·E[e σ'_j] + gate_j·e₁(c a_l E[σ_l²] − μ_l·c a_l E[σ_l]),
                // two multiply-adds per entry instead of a dozen (what the Gaussian teacher rule's 256 points cost)
                double alpha = wca * gateMoment;
                double beta = wca * gate[j];
                int row = j * p;
                for (int l = 0; l < p; l++) {
                    if (l != j) {
                        out.gLambda[row + l] += alpha * mu[l] + beta * crossing[l];
                    }
                }
            }
            if (noise) {
                for (int l = 0; l < p; l++) {
                    if (l == j) {
                        continue;
                    }
                    double other = c * a[l] * mean[l];
                    double rest = output - own - other;
                    out.gG[j * p + l] += wca * c * a[l] * (gate[j] * gate[l] * (e0 * e0 + 2 * e0 * e1 * rest)
                            + 2 * e0 * e1 * (own * gate[l] + other * gate[j]));
                }
            }
        }
    }

    private IncrementMoments target;
    private double[] coefficients;

    /** The remainder e − (e₀ + e₁ŷ) (and e² − (e₀² + 2e₀e₁ŷ)) on the point set; a field, so a visit allocates nothing. */
    private final FieldQuadrature.FieldVisitor remainder = this::addRemainder;

    private void addRemainder(double w, double[] lambda, double[] n, double xi) {
        double[] a = coefficients;
        IncrementMoments out = target;
        double y = rule.label(n, xi);
        double yHat = rule.predict(lambda, a);
        double e0 = loss.derivativeAtZero(y);
        double e1 = loss.curvatureAtZero(y);
        double e = loss.derivative(yHat, y);
        double r1 = w * (e - e0 - e1 * yHat);
        double r2 = w * (e * e - e0 * e0 - 2 * e0 * e1 * yHat);
        rule.signals(1, lambda, a, unit, unitA);
        // the open ReLU gates (about half the units): a closed unit's G is 0, and so are its O(p) rows below
        int open = 0;
        for (int j = 0; j < p; j++) {
            out.gA[j] += r1 * unitA[j];
            active[open] = j;
            open += unit[j] != 0 ? 1 : 0;
        }
        for (int i = 0; i < open; i++) {
            int j = active[i];
            double u = r1 * unit[j];
            for (int r = 0; r < k; r++) {
                out.gNu[j * k + r] += u * n[r];
            }
            if (rows) {
                Vectors.axpy(u, lambda, out.gLambda, j * p);
            } else {
                out.gLambda[j * p + j] += u * lambda[j];
            }
            if (noise) {
                double v = r2 * unit[j];
                for (int l = 0; l < p; l++) {
                    out.gG[j * p + l] += v * unit[l];
                }
            } else {
                out.gG[j * p + j] += r2 * unit[j] * unit[j];
            }
        }
    }
}

package dev.overlap.engine.ode;

import dev.overlap.overlaps.FieldQuadrature;
import dev.overlap.gauss.GaussHermite;
import dev.overlap.gauss.GaussianPoints;
import dev.overlap.gauss.SobolNormals;
import dev.overlap.gauss.TensorHermite;
import dev.overlap.problem.Problem;
import dev.overlap.problem.StandardActivation;
import dev.overlap.spec.Kinds;
import dev.overlap.spec.ModelSpec;
import java.util.Arrays;

/** Chooses how a model's increment moments are computed. */
public final class Drifts {
    /** Largest tensor Gauss–Hermite rule used before falling back to Sobol points. */
    public static final long MAX_TENSOR_POINTS = 1 << 16;

    private Drifts() {
    }

    /** The closed-form fast path where it applies, else {@link #generic}: every entry of the moments. */
    public static MomentSource moments(ModelSpec spec, Problem problem, double[] teacherGram) {
        return moments(spec, problem, teacherGram, true);
    }

    /**
     * @param offDiagonal false when the integrated coordinates read only the diagonal of dQ
     *                    ({@link OdeCoordinates#needsOffDiagonal}): the generic path then skips O(p²) per point
     */
    public static MomentSource moments(ModelSpec spec, Problem problem, double[] teacherGram, boolean offDiagonal) {
        if (fastPathApplies(spec)) {
            return new SquareMoments(problem.p(), problem.k(), problem.rule().readout(), spec.training().lossPrefactor(),
                    spec.teacher().noise(), teacherGram);
        }
        return new PointMoments(quadrature(spec, problem, teacherGram, false), offDiagonal);
    }

    /** The coordinates the model's ODE integrates: all overlaps, or the mean-field reduction (run.ode-reduction). */
    public static OdeCoordinates coordinates(ModelSpec spec, Problem problem, double[] teacherGram) {
        return spec.run().odeReduction() == Kinds.OdeReduction.MEAN_FIELD
                ? new MeanFieldCoordinates(problem.p(), problem.k(), teacherGram)
                : new StateLayout(problem.p(), problem.k());
    }

    public static boolean fastPathApplies(ModelSpec spec) {
        return spec.inputs() == Kinds.InputLaw.GAUSSIAN && spec.teacher().target() == Kinds.Target.COMMITTEE
                && spec.training().loss() == Kinds.Loss.SQUARE && spec.student().activation() == Kinds.Activation.SQUARE
                && spec.teacher().activation() == Kinds.Activation.SQUARE;
    }

    /** The generic drift moments: the update rule on a {@link #quadrature} exact for the drift's integrands. */
    public static PointMoments generic(ModelSpec spec, Problem problem, double[] teacherGram) {
        return new PointMoments(quadrature(spec, problem, teacherGram, false));
    }

    /** The increment covariance Cov[H] on a quadrature exact for its (squared) integrands. */
    public static IncrementCovariance covariance(ModelSpec spec, Problem problem, double[] teacherGram) {
        return new IncrementCovariance(problem, quadrature(spec, problem, teacherGram, true));
    }

    /**
     * A point set for the field law: a tensor Gauss–Hermite rule exact for the integrand's degree when
     * the loss is square and the activations polynomial (and the rule has at most
     * {@value #MAX_TENSOR_POINTS} points), else run.qmc-points Sobol points (default 8192: a
     * deterministic drift with QMC error ~1e-4).
     *
     * @param squared whether the integrands are products of two increments (covariances)
     */
    public static FieldQuadrature quadrature(ModelSpec spec, Problem problem, double[] teacherGram, boolean squared) {
        boolean rademacher = spec.inputs() == Kinds.InputLaw.RADEMACHER;
        int dim = FieldQuadrature.dimension(problem.p(), problem.k(), rademacher, problem.rule().noise() > 0);
        int degree = integrandDegree(spec, squared);
        GaussianPoints points = null;
        if (degree >= 0) {
            int[] counts = new int[dim];
            Arrays.fill(counts, GaussHermite.pointsForDegree(degree));
            if (problem.rule().noise() > 0) {
                // ξ enters the label linearly, so G is linear and H at most quadratic in it: degree 2 (drift), 4 (covariance)
                counts[dim - 1] = GaussHermite.pointsForDegree(squared ? 4 : 2);
            }
            if (TensorHermite.count(counts) <= MAX_TENSOR_POINTS) {
                points = new TensorHermite(counts);
            }
        }
        if (points == null) {
            points = new SobolNormals(dim, spec.run().qmcPoints());
        }
        return new FieldQuadrature(problem.p(), problem.k(), problem.rule(), teacherGram, points, rademacher);
    }

    /**
     * Degree in the standard variables of the integrands, or −1 when not polynomial. With e = ŷ − y of
     * degree D_e = max(D_σ, D_label, 1), G has degree D_e + D_σ − 1; G ν, G λ and ∂ℓ/∂a have
     * D_e + D_σ and G Gᵀ has 2(D_e + D_σ − 1); covariances square the largest.
     */
    static int integrandDegree(ModelSpec spec, boolean squared) {
        int ds = StandardActivation.of(spec.student().activation()).polynomialDegree();
        int dt = spec.teacher().target() == Kinds.Target.XOR ? 2
                : StandardActivation.of(spec.teacher().activation()).polynomialDegree();
        if (spec.training().loss() != Kinds.Loss.SQUARE || ds < 0 || dt < 0) {
            return -1;
        }
        int de = Math.max(Math.max(ds, dt), 1);
        int single = Math.max(2 * (de + ds - 1), de + ds);
        return squared ? 2 * single : single;
    }
}

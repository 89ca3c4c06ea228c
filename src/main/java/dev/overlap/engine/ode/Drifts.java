package dev.overlap.engine.ode;

import dev.overlap.overlaps.FieldQuadrature;
import dev.overlap.gauss.GaussHermite;
import dev.overlap.gauss.GaussianPoints;
import dev.overlap.gauss.SobolNormals;
import dev.overlap.gauss.TensorHermite;
import dev.overlap.engine.Numerics;
import dev.overlap.problem.Loss;
import dev.overlap.problem.Problem;
import java.util.Arrays;

/**
 * Chooses how a problem's increment moments are computed: the closed form where it applies, else the
 * update rule on a point set of the fields' law chosen to be exact when it can be.
 */
public final class Drifts {
    /** Largest tensor Gauss–Hermite rule used before falling back to Sobol points. */
    public static final long MAX_TENSOR_POINTS = 1 << 16;

    private Drifts() {
    }

    /** The closed-form fast path where it applies, else {@link #generic}: every entry of the moments. */
    public static MomentSource moments(Problem problem, Numerics numerics) {
        return moments(problem, numerics, true);
    }

    /**
     * The moments for an ODE in {@code coordinates}: where they keep the orthogonal fields independent and the
     * units are ReLU, the loss linearised in the output is integrated exactly and only the
     * remainder on points ({@link ControlVariateMoments}); otherwise as {@link #moments(Problem, Numerics, boolean)}.
     */
    public static MomentSource moments(Problem problem, Numerics numerics, OdeCoordinates coordinates) {
        boolean offDiagonal = coordinates.needsOffDiagonal();
        if (coordinates.independentOrthogonalFields() && ControlVariateMoments.applies(problem.rule())) {
            return new ControlVariateMoments(problem.rule(), problem.teacherGram(), quadrature(problem, numerics, false),
                    problem.signTeacherFields(), offDiagonal || Drift.needsFullMoments(problem, numerics.odeQuadraticTerms()),
                    offDiagonal);
        }
        return moments(problem, numerics, coordinates.needsOffDiagonal());
    }

    /**
     * @param offDiagonal false when the integrated coordinates read only the diagonal of dQ
     *                    ({@link OdeCoordinates#needsOffDiagonal}): the generic path then skips O(p²) per point
     */
    public static MomentSource moments(Problem problem, Numerics numerics, boolean offDiagonal) {
        if (problem.squareActivations()) {
            return new SquareMoments(problem.p(), problem.k(), problem.rule().readout(),
                    problem.rule().loss().prefactor(), problem.rule().noise(), problem.teacherGram());
        }
        return new PointMoments(quadrature(problem, numerics, false),
                offDiagonal || Drift.needsFullMoments(problem, numerics.odeQuadraticTerms()));
    }

    /** The coordinates the problem's ODE integrates: all overlaps, or the mean-field reduction. */
    public static OdeCoordinates coordinates(Problem problem, Numerics numerics) {
        return numerics.odeReduction() == Numerics.OdeReduction.MEAN_FIELD
                ? new MeanFieldCoordinates(problem.p(), problem.k(), problem.teacherGram())
                : new StateLayout(problem.p(), problem.k());
    }

    /** The generic drift moments: the update rule on a {@link #quadrature} exact for the drift's integrands. */
    public static PointMoments generic(Problem problem, Numerics numerics) {
        return new PointMoments(quadrature(problem, numerics, false));
    }

    /**
     * The increment covariance Cov[H]: exact Gaussian moments at any p for square activations
     * ({@link SquareCovariance}), else the update rule on a quadrature exact for its (squared) integrands where one fits.
     */
    public static IncrementCovariance covariance(Problem problem, Numerics numerics) {
        return new IncrementCovariance(problem, quadrature(problem, numerics, true));
    }

    /**
     * A point set for the field law: a tensor Gauss–Hermite rule exact for the integrand's degree when
     * the loss is square and the activations polynomial (and the rule has at most
     * {@value #MAX_TENSOR_POINTS} points), else {@link Numerics#qmcPoints()} Sobol points.
     *
     * @param squared whether the integrands are products of two increments (covariances)
     */
    public static FieldQuadrature quadrature(Problem problem, Numerics numerics, boolean squared) {
        boolean signs = problem.signTeacherFields();
        int dim = FieldQuadrature.dimension(problem.p(), problem.k(), signs, problem.rule().noise() > 0);
        int degree = integrandDegree(problem, squared);
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
            points = new SobolNormals(dim, numerics.qmcPoints());
        }
        return new FieldQuadrature(problem.p(), problem.k(), problem.rule(), problem.teacherGram(), points, signs);
    }

    /**
     * Degree in the standard variables of the integrands, or −1 when not polynomial. With e = ŷ − y of
     * degree D_e = max(D_σ, D_label, 1), G has degree D_e + D_σ − 1; G ν, G λ and ∂ℓ/∂a have
     * D_e + D_σ and G Gᵀ has 2(D_e + D_σ − 1); covariances square the largest.
     */
    static int integrandDegree(Problem problem, boolean squared) {
        int ds = problem.rule().activation().polynomialDegree();
        int dt = problem.rule().teacher().polynomialDegree();
        if (!(problem.rule().loss() instanceof Loss.Square) || ds < 0 || dt < 0) {
            return -1;
        }
        int de = Math.max(Math.max(ds, dt), 1);
        int single = Math.max(2 * (de + ds - 1), de + ds);
        return squared ? 2 * single : single;
    }
}

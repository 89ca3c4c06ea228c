package dev.overlap.overlaps;

import dev.overlap.gauss.BivariateExpectation;
import dev.overlap.gauss.GaussHermite;
import dev.overlap.problem.Activation;
import dev.overlap.problem.StandardActivation;

/**
 * E[σ₁(u) σ₂(v)] for (u, v) ~ N(0, [[c11, c12], [c12, c22]]): the building block of the square-loss
 * risk. Polynomial pairs use Gauss–Hermite with just enough points to be exact; erf–erf (Saad–Solla
 * arcsine) and relu–relu (arc-cosine kernel) use their closed forms; any other pair uses
 * {@link #SMOOTH_POINTS} points per dimension.
 */
public final class PairMoment {
    /**
     * Points per dimension for non-polynomial pairs. erf and tanh are entire, so the error decays
     * geometrically (below 1e-14 at 64 points for the covariances of RiskTest); a relu kink makes it
     * decay slowly, ~1e-3 relative near |ρ| = 1, which is why relu–relu uses its closed form.
     */
    public static final int SMOOTH_POINTS = 64;

    private final Activation first;
    private final Activation second;
    private final Closed closed;
    private final BivariateExpectation quadrature;

    private enum Closed { NONE, ERF, RELU }

    public PairMoment(Activation first, Activation second) {
        this(first, second, true);
    }

    /** @param closedForms false forces the Gauss–Hermite path (used to test the closed forms). */
    public PairMoment(Activation first, Activation second, boolean closedForms) {
        this.first = first;
        this.second = second;
        this.closed = !closedForms || first != second ? Closed.NONE
                : first == StandardActivation.ERF ? Closed.ERF
                : first == StandardActivation.RELU ? Closed.RELU : Closed.NONE;
        int d1 = first.polynomialDegree();
        int d2 = second.polynomialDegree();
        int n = d1 >= 0 && d2 >= 0 ? GaussHermite.pointsForDegree(d1 + d2) : SMOOTH_POINTS;
        this.quadrature = new BivariateExpectation(new GaussHermite(n));
    }

    public double of(double c11, double c12, double c22) {
        return switch (closed) {
            case ERF -> 2 / Math.PI * Math.asin(c12 / Math.sqrt((1 + c11) * (1 + c22)));
            case RELU -> relu(c11, c12, c22);
            case NONE -> quadrature.of((u, v) -> first.value(u) * second.value(v), c11, c12, c22);
        };
    }

    /** E[relu(u) relu(v)] = √(c11 c22)/(2π) · (sin θ + (π − θ) cos θ), cos θ = ρ (Cho and Saul's arc-cosine kernel). */
    private static double relu(double c11, double c12, double c22) {
        double s = Math.sqrt(c11 * c22);
        if (s == 0) {
            return 0;
        }
        double rho = Math.max(-1, Math.min(1, c12 / s));
        double theta = Math.acos(rho);
        return s / (2 * Math.PI) * (Math.sin(theta) + (Math.PI - theta) * rho);
    }
}

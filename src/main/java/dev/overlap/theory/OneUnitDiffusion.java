package dev.overlap.theory;

import dev.overlap.engine.Numerics;
import dev.overlap.engine.ode.Drift;
import dev.overlap.engine.ode.Drifts;
import dev.overlap.engine.ode.IncrementCovariance;
import dev.overlap.exit.ExitRule;
import dev.overlap.overlaps.FieldQuadrature;
import dev.overlap.overlaps.OverlapState;
import dev.overlap.overlaps.PopulationRisk;
import dev.overlap.problem.Problem;
import java.util.Optional;
import org.apache.commons.math3.analysis.solvers.BrentSolver;

/**
 * The reduced diffusion of one spherical unit and one teacher row (p = k = 1, Q = 1, a fixed) in its one coordinate m
 * (docs/theory.md §10). The SDE moves the unnormalised (Q, M) by the drift b and a noise of covariance
 * κ·C, κ = η²/(Bτ), C = Cov[H], and then divides M by √Q; by Itô's formula for m = M/√Q at Q = 1,
 * <pre>
 *   b_m = b_M − m (b_Q + δ_Q)/2 + κ(3m C_QQ/8 − C_MQ/2),      D_m = κ(C_MM − m C_MQ + m² C_QQ/4),
 * </pre>
 * b_M − m b_Q/2 being the ODE's projected drift, and δ_Q = κ·E[G²(|g|² − p − k)] the chain's O(1/d) correction to
 * the drift of Q from the exact |x|² (so that b is the chain's exact mean increment per unit time). b and C are the ODE's and the SDE's: {@link Drift} and
 * {@link IncrementCovariance} on the model's field law, so one update rule serves every engine and this law.
 */
public final class OneUnitDiffusion implements BackwardKolmogorov.Coefficients {
    private final Drift drift;
    private final IncrementCovariance covariance;
    private final double kappa;
    private final double[] a;
    private final double[] q = {1};
    private final double[] m = new double[1];
    private final double[] dq = new double[1];
    private final double[] dm = new double[1];
    private final double[] da = new double[1];
    private final double[] c;
    /** The point whose coefficients were computed last: the grid asks for b and D at each point in turn. */
    private double cached = Double.NaN;
    private double cachedDrift;
    private double cachedVariance;

    private OneUnitDiffusion(Problem problem, Numerics numerics, double[] a) {
        this.drift = new Drift(problem, Drifts.moments(problem, numerics), numerics.odeQuadraticTerms());
        this.covariance = Drifts.covariance(problem, numerics);
        this.kappa = covariance.perNaturalTime();
        this.c = new double[covariance.layout().dimension() * covariance.layout().dimension()];
        this.a = a.clone();
        this.fields = numerics.odeQuadraticTerms() ? Drifts.quadrature(problem, numerics, true) : null;
    }

    /**
     * The chain's |x|² = |g|² + χ²_{d−p−k} (docs/theory.md §4), where g are the coordinates of x in the span of the
     * rows: its squared-gradient term η²G²|x|² has mean η²(E[G²|g|²] + (d − p − k)E[G²]), not the ODE's η²d·E[G²]. Per
     * unit time the unnormalised Q of the chain drifts by κ·E[G²(|g|² − p − k)] more than the ODE's; O(1/d), it slows
     * the escape by about 1 % at d = 10³ (phase retrieval). |g|² = φᵀΩ⁻¹φ = (λ² − 2mλν + ν²)/(1 − m²) for Q = 1.
     */
    private final FieldQuadrature fields;
    private double squaredNormExcess;
    private double mAt;
    private final FieldQuadrature.Visitor excess = (w, lambda, nu, g, gA) -> {
        double norm = (lambda[0] * lambda[0] - 2 * mAt * lambda[0] * nu[0] + nu[0] * nu[0]) / (1 - mAt * mAt);
        squaredNormExcess += w * g[0] * g[0] * (norm - 2);
    };

    /** κ·E[G²(|g|² − p − k)] at m: the chain's extra drift of the unnormalised Q (0 without the quadratic terms). */
    private double finiteDimensionQ(double x) {
        if (fields == null) {
            return 0;
        }
        squaredNormExcess = 0;
        mAt = x;
        m[0] = x;
        fields.visit(q, m, a, excess);
        return kappa * squaredNormExcess;
    }

    /** Why the reduction does not apply to the problem, or empty when it does. */
    public static Optional<String> outOfScope(Problem problem) {
        if (problem.p() != 1 || problem.k() != 1) {
            return Optional.of("the one-coordinate reduction needs p = k = 1 (here p = " + problem.p() + ", k = "
                    + problem.k() + ")");
        }
        if (!problem.spherical()) {
            return Optional.of("the one-coordinate reduction needs the spherical constraint (Q = 1)");
        }
        if (problem.secondLayerRate() != 0) {
            return Optional.of("the one-coordinate reduction needs a fixed second layer");
        }
        if (problem.signTeacherFields()) {
            return Optional.of("the one-coordinate reduction is for Gaussian inputs");
        }
        return Optional.empty();
    }

    /**
     * The diffusion of m for the problem with the second layer {@code a} (its one entry).
     *
     * @throws IllegalArgumentException when {@link #outOfScope} says why not
     */
    public static OneUnitDiffusion of(Problem problem, Numerics numerics, double[] a) {
        outOfScope(problem).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        return new OneUnitDiffusion(problem, numerics, a);
    }

    @Override
    public double drift(double x) {
        compute(x);
        return cachedDrift;
    }

    @Override
    public double variance(double x) {
        compute(x);
        return cachedVariance;
    }

    private void compute(double x) {
        if (x == cached) {
            return;
        }
        m[0] = x;
        drift.evaluate(q, m, a, dq, dm, da);
        covariance.compute(q, m, a, c);
        // Q₁₁ is the layout's first coordinate, M₁₁ its M block's
        int n = covariance.layout().dimension();
        int im = covariance.layout().mOffset();
        double cqq = c[0];
        double cqm = c[im];
        double cmm = c[im * n + im];
        cachedDrift = dm[0] - x * finiteDimensionQ(x) / 2 + kappa * (3 * x * cqq / 8 - cqm / 2);
        cachedVariance = kappa * (cmm - x * cqm + x * x * cqq / 4);
        cached = x;
    }

    /**
     * Whether the reduction is even in m: b odd, D even and the risk even, at a few points to round-off (phase retrieval:
     * an even teacher and student; 10⁻⁹ relative, the quadratures' round-off being far below). Then the exit-time law from −m is the law from m.
     */
    public boolean even(PopulationRisk risk) {
        double[] one = {1};
        for (double x : new double[] {0.013, 0.1, 0.37, 0.71}) {
            double b = drift(x);
            double dd = variance(x);
            double rPlus = risk.risk(one, new double[] {x}, a);
            double rMinus = risk.risk(one, new double[] {-x}, a);
            if (Math.abs(drift(-x) + b) > 1e-9 * Math.abs(b) || Math.abs(variance(-x) - dd) > 1e-9 * dd
                    || Math.abs(rPlus - rMinus) > 1e-9 * Math.abs(rPlus)) {
                return false;
            }
        }
        return true;
    }

    /** ε of the grid: √(D(0)/(2b'(0))), the width near m = 0 within which the noise competes with the drift. */
    public double scale(double hi) {
        double h = 1e-6;
        double slope = (drift(h) - drift(-h)) / (2 * h);
        double d0 = variance(0);
        return slope > 0 ? Math.min(hi, Math.sqrt(d0 / (2 * slope))) : Math.min(hi, Math.sqrt(d0));
    }

    /**
     * The interval of m inside which the run has not yet exited, around the start's m: for max|M| ≥ T it is (−T, T);
     * for a risk drop to (1 − T)·R(0) its ends are where R(m) (Q = 1, a fixed) first reaches that level on each side.
     *
     * @throws IllegalArgumentException for the error criterion, or a level the sphere never reaches on one side
     */
    public static double[] exitInterval(ExitRule rule, PopulationRisk risk, OverlapState start) {
        double m0 = start.m(0, 0);
        double[] a = start.aArray();
        return switch (rule.criterion()) {
            case OVERLAP -> new double[] {-rule.threshold(), rule.threshold()};
            case RISK_DROP -> {
                double level = (1 - rule.threshold()) * risk.risk(start);
                yield new double[] {crossing(risk, a, level, m0, -1), crossing(risk, a, level, m0, 1)};
            }
            case ERROR -> throw new IllegalArgumentException("the error criterion has no exit interval in m");
        };
    }

    /** The first m from m0 towards {@code end} (±1) where R(m) ≤ level, by a scan and Brent's method. */
    private static double crossing(PopulationRisk risk, double[] a, double level, double m0, double end) {
        double[] one = {1};
        double[] mm = new double[1];
        java.util.function.DoubleUnaryOperator f = x -> {
            mm[0] = x;
            return risk.risk(one, mm, a) - level;
        };
        int steps = 10_000;
        double previous = m0;
        for (int i = 1; i <= steps; i++) {
            double x = m0 + (end - m0) * i / steps;
            if (f.applyAsDouble(x) <= 0) {
                return new BrentSolver(1e-15).solve(200, f::applyAsDouble, Math.min(previous, x), Math.max(previous, x));
            }
            previous = x;
        }
        throw new IllegalArgumentException("the risk never falls to the exit level " + level + " for m between " + m0
                + " and " + end);
    }
}

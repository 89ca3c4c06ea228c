package dev.overlap.theory;

import dev.overlap.engine.Numerics;
import dev.overlap.exit.ExitRule;
import dev.overlap.overlaps.OverlapState;
import dev.overlap.overlaps.PopulationRisk;
import dev.overlap.problem.Problem;
import java.util.Optional;
import org.apache.commons.math3.analysis.solvers.BrentSolver;

/**
 * The reduced diffusion of one spherical unit and one teacher row (p = k = 1, Q = 1, a fixed) in its one coordinate m
 * (docs/theory.md §10): {@link OverlapDiffusion} in one dimension, where Itô's formula for m = M/√Q at Q = 1 reads
 * <pre>
 *   b_m = b_M − m (b_Q + δ_Q)/2 + κ(3m C_QQ/8 − C_MQ/2),      D_m = κ(C_MM − m C_MQ + m² C_QQ/4),
 * </pre>
 * with the one-dimensional helpers the 1-D solver needs: the exit interval, the symmetry test and the grid's scale.
 */
public final class OneUnitDiffusion implements BackwardKolmogorov.Coefficients {
    private final OverlapDiffusion overlaps;
    private final double[] a;
    private final double[] y = new double[1];
    private final double[] b = new double[1];
    private final double[] dd = new double[1];
    /** The point whose coefficients were computed last: the grid asks for b and D at each point in turn. */
    private double cached = Double.NaN;

    private OneUnitDiffusion(Problem problem, Numerics numerics, double[] a) {
        this.overlaps = OverlapDiffusion.of(problem, numerics, a);
        this.a = a.clone();
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
        return OverlapDiffusion.outOfScope(problem);
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
        return b[0];
    }

    @Override
    public double variance(double x) {
        compute(x);
        return dd[0];
    }

    private void compute(double x) {
        if (x == cached) {
            return;
        }
        y[0] = x;
        overlaps.coefficients(y, b, dd);
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

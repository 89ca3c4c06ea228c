package dev.overlap.theory;

import dev.overlap.exit.ExitRule;
import dev.overlap.overlaps.OverlapState;
import dev.overlap.overlaps.PopulationRisk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The exit-time law of the overlaps' reduced diffusion in two or three coordinates (p = 2 on the sphere: m₁, m₂, q₁₂;
 * p = 1 without it: Q, m), by {@link KolmogorovLattice}: the exit surface is the model's own exit rule (R ≤ (1 − T)·R
 * at the start, or max|m| ≥ T), and the lattice's box is set from the diffusion itself (docs/theory.md §10):
 * <ul>
 * <li>an overlap with the teacher spans ±1.15 times the exit surface's farthest crossing along its axis from the start,
 * its nodes fine (scale √(D/(2λ)), λ its growth rate) about 0, where the noise decides the escape;</li>
 * <li>an overlap between students, which the drift holds near a stable value, spans the deterministic path's range
 * from the start to the exit, widened by 8 of its stationary standard deviations √(D/(2κ)) (κ its relaxation
 * rate) on each side; its faces reflect, and nothing reaches them.</li>
 * </ul>
 */
public final class OverlapKolmogorov {
    /** Intervals along an overlap with the teacher (3 and 2 coordinates): where the escape's transport happens. */
    private static final int TEACHER_INTERVALS_3D = 96;
    private static final int TEACHER_INTERVALS_2D = 512;
    /** Intervals along an overlap between students: smooth, held by the drift (16 and 8 agree to 10⁻⁴ of the mean). */
    private static final int STUDENT_INTERVALS_3D = 16;
    private static final int STUDENT_INTERVALS_2D = 32;
    private static final int STEPS = 1000;
    private static final double TEACHER_SPAN = 1.15;
    private static final double STUDENT_SDS = 8;
    /** Fewest lattice cells across one sd of the survival's front for the law to be trusted. */
    private static final int MIN_FRONT_CELLS = 4;

    /** The lattice cannot resolve this law (its front is narrower than a few cells). */
    public static final class UnresolvedLawException extends RuntimeException {
        UnresolvedLawException(String message) {
            super(message);
        }
    }

    private OverlapKolmogorov() {
    }

    /**
     * The default lattice for the diffusion: fine along the overlaps with the teacher, coarse along those between
     * students; at d = 10³, p = 2 the mean's error is about 10⁻³ of it (printed with it) in about a minute.
     */
    public static KolmogorovLattice.Resolution defaultResolution(OverlapDiffusion diffusion) {
        int n = diffusion.dimension();
        int[] intervals = new int[n];
        for (int i = 0; i < n; i++) {
            intervals[i] = diffusion.teacherOverlap(i) ? (n == 3 ? TEACHER_INTERVALS_3D : TEACHER_INTERVALS_2D)
                    : (n == 3 ? STUDENT_INTERVALS_3D : STUDENT_INTERVALS_2D);
        }
        return new KolmogorovLattice.Resolution(intervals, STEPS);
    }

    /** The exit surface of the rule as a margin, positive before the exit. */
    public static ToDoubleFunction<double[]> margin(OverlapDiffusion diffusion, PopulationRisk risk, ExitRule rule,
            OverlapState start) {
        double[] a = start.aArray();
        return switch (rule.criterion()) {
            case RISK_DROP -> {
                double level = (1 - rule.threshold()) * risk.risk(start);
                double[] q = start.qArray();
                double[] m = start.mArray();
                yield y -> {
                    double[] qq = q.clone();
                    double[] mm = m.clone();
                    diffusion.overlaps(y, qq, mm);
                    return risk.risk(qq, mm, a) - level;
                };
            }
            case OVERLAP -> y -> {
                double max = 0;
                for (int i = 0; i < y.length; i++) {
                    if (diffusion.teacherOverlap(i)) {
                        max = Math.max(max, Math.abs(y[i]));
                    }
                }
                return rule.threshold() - max;
            };
            case ERROR -> throw new IllegalArgumentException("the error criterion has no exit surface in the overlaps");
        };
    }

    /** The law from the start, in natural time. */
    public static ExitTimeLaw law(OverlapDiffusion diffusion, PopulationRisk risk, ExitRule rule, OverlapState start,
            KolmogorovLattice.Resolution resolution) {
        int n = diffusion.dimension();
        if (n < 2 || n > 3) {
            throw new IllegalArgumentException("the lattice solves two or three coordinates, not " + n);
        }
        ToDoubleFunction<double[]> margin = margin(diffusion, risk, rule, start);
        double[] y0 = diffusion.coordinates(start.qArray(), start.mArray());
        Path path = Path.of(diffusion, margin, y0);
        double[] b = new double[n];
        double[] dd = new double[n * n];
        List<KolmogorovLattice.Axis> axes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] base = y0.clone();
            if (diffusion.teacherOverlap(i)) {
                base[i] = 0;
            }
            double slope = slope(diffusion, base, i);
            diffusion.coefficients(base, b, dd);
            double variance = dd[i * n + i];
            if (diffusion.teacherOverlap(i)) {
                double reach = Math.max(crossing(margin, y0, i, 1), crossing(margin, y0, i, -1));
                double half = TEACHER_SPAN * reach;
                double scale = slope > 0 ? Math.sqrt(variance / (2 * slope)) : Math.sqrt(variance);
                axes.add(new KolmogorovLattice.Axis(-half, half, 0, Math.min(half, scale)));
            } else {
                if (!(slope < 0)) {
                    throw new IllegalArgumentException("the overlap " + diffusion.name(i) + " is not held by the drift (its "
                            + "rate " + slope + " >= 0): the lattice has no box for it");
                }
                double sd = Math.sqrt(variance / (2 * -slope));
                double lo = path.min[i] - STUDENT_SDS * sd;
                double hi = path.max[i] + STUDENT_SDS * sd;
                axes.add(new KolmogorovLattice.Axis(lo, hi, y0[i], Math.max(sd, (hi - lo) / 8)));
            }
        }
        ExitTimeLaw law = KolmogorovLattice.law(diffusion, axes, margin, y0, path.exitTime, resolution);
        // the survival's front moves along an overlap with the teacher at about its growth rate in sinh-coordinates
        // (ln|m| far from 0): it spans sd·λ there, which the lattice must resolve (a front narrower than a few cells
        // is smeared or rings, whatever the order of the scheme: a start far outside the noise's reach of 0)
        double cells = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (diffusion.teacherOverlap(i)) {
                KolmogorovLattice.Axis axis = axes.get(i);
                double spacing = (org.apache.commons.math3.util.FastMath.asinh((axis.hi() - axis.centre()) / axis.scale())
                        - org.apache.commons.math3.util.FastMath.asinh((axis.lo() - axis.centre()) / axis.scale()))
                        / resolution.intervals()[i];
                double[] at = y0.clone();
                at[i] = 0;
                cells = Math.min(cells, law.sd() * Math.max(slope(diffusion, at, i), 0) / spacing);
            }
        }
        if (cells < MIN_FRONT_CELLS) {
            throw new UnresolvedLawException(String.format("the exit time's spread (sd %.3g) is a front of %.1f lattice "
                    + "cells along the overlaps with the teacher, fewer than the %d it needs: the law is nearly "
                    + "deterministic (a start far outside the noise's reach of m = 0, or an exit the drift alone "
                    + "brings)", law.sd(), cells, MIN_FRONT_CELLS));
        }
        StringBuilder box = new StringBuilder();
        for (int i = 0; i < n; i++) {
            box.append(String.format("%s%s in [%.4g, %.4g]", i == 0 ? "" : ", ", diffusion.name(i), axes.get(i).lo(),
                    axes.get(i).hi()));
        }
        return new ExitTimeLaw(law.mean(), law.meanError(), law.sd(), law.times(), law.survival(), law.quantileError(),
                law.method() + "; coordinates " + box + String.format(" (largest correlation of D in the box %.3f)",
                        path.correlation));
    }

    /** ∂b_i/∂y_i at y. */
    private static double slope(Diffusion diffusion, double[] y, int i) {
        int n = y.length;
        double h = 1e-6;
        double[] b = new double[n];
        double[] dd = new double[n * n];
        double[] z = y.clone();
        z[i] = y[i] + h;
        diffusion.coefficients(z, b, dd);
        double up = b[i];
        z[i] = y[i] - h;
        diffusion.coefficients(z, b, dd);
        return (up - b[i]) / (2 * h);
    }

    /** |y_i| where the line from y0 along axis i (direction ±1) meets the exit surface, by a scan and bisection. */
    private static double crossing(ToDoubleFunction<double[]> margin, double[] y0, int i, int direction) {
        double[] z = y0.clone();
        double step = 1e-3;
        double inside = 0;
        double outside = Double.NaN;
        for (int s = 1; s <= 2000; s++) {
            z[i] = y0[i] + direction * s * step;
            if (!(margin.applyAsDouble(z) > 0)) {
                outside = s * step;
                break;
            }
            inside = s * step;
        }
        if (Double.isNaN(outside)) {
            throw new IllegalArgumentException("the exit surface is not reached along " + i + " within 2 of the start");
        }
        for (int it = 0; it < 60; it++) {
            double mid = (inside + outside) / 2;
            z[i] = y0[i] + direction * mid;
            if (margin.applyAsDouble(z) > 0) {
                inside = mid;
            } else {
                outside = mid;
            }
        }
        return Math.abs(y0[i] + direction * (inside + outside) / 2);
    }

    /**
     * The deterministic path dy/dt = b(y) from the start (RK4, 2000 steps per unit of the first exit estimate) to the
     * exit: its range per coordinate, its exit time (the lattice's time scale) and the largest correlation
     * |D_ac|/√(D_aa D_cc) along it.
     */
    private record Path(double[] min, double[] max, double exitTime, double correlation) {
        static Path of(OverlapDiffusion diffusion, ToDoubleFunction<double[]> margin, double[] y0) {
            int n = y0.length;
            double[] y = y0.clone();
            double[] min = y0.clone();
            double[] max = y0.clone();
            double[] dd = new double[n * n];
            double[][] k = new double[4][n];
            double[] z = new double[n];
            double t = 0;
            double dt = 1e-3;
            double correlation = 0;
            // from a start at 0 the path never leaves it: push it off by the noise's scale so that it finds the exit
            diffusion.coefficients(y0, k[0], dd);
            for (int i = 0; i < n; i++) {
                if (y[i] == 0 && diffusion.teacherOverlap(i)) {
                    y[i] = Math.sqrt(dd[i * n + i]) * 1e-2;
                }
            }
            int steps = 0;
            while (margin.applyAsDouble(y) > 0 && steps < 2_000_000) {
                diffusion.coefficients(y, k[0], dd);
                for (int a = 0; a < n; a++) {
                    for (int c = a + 1; c < n; c++) {
                        correlation = Math.max(correlation, Math.abs(dd[a * n + c]) / Math.sqrt(dd[a * n + a] * dd[c * n + c]));
                    }
                }
                for (int s = 1; s < 4; s++) {
                    double f = s == 3 ? 1 : 0.5;
                    for (int i = 0; i < n; i++) {
                        z[i] = y[i] + f * dt * k[s - 1][i];
                    }
                    diffusion.coefficients(z, k[s], dd);
                }
                for (int i = 0; i < n; i++) {
                    y[i] += dt / 6 * (k[0][i] + 2 * k[1][i] + 2 * k[2][i] + k[3][i]);
                    min[i] = Math.min(min[i], y[i]);
                    max[i] = Math.max(max[i], y[i]);
                }
                t += dt;
                steps++;
            }
            if (margin.applyAsDouble(y) > 0) {
                throw new IllegalArgumentException("the deterministic path from " + Arrays.toString(y0) + " does not exit");
            }
            return new Path(min, max, t, correlation);
        }
    }
}

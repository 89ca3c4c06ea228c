package dev.overlap.theory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.util.FastMath;

/**
 * The exit-time law of a diffusion in two or three coordinates (docs/theory.md §10) from its backward Kolmogorov
 * equation ∂ₜS = b·∇S + ½ tr(D ∇²S), S(0, y) = 1 where the run has not exited (margin(y) &gt; 0), S = 0 where it has,
 * on a tensor lattice of sinh-spaced axes (fine about each axis's centre).
 * <ul>
 * <li>Each axis's part ½D_aa ∂²_a + b_a ∂_a is the 1-D solver's exponentially fitted (Scharfetter–Gummel) flux form
 * ({@link BackwardKolmogorov}), an M-matrix at any Péclet number. Where a node's neighbour has exited, the exit
 * surface's crossing on that segment is located (bisection of the margin) and the neighbour replaced by S = 0 there
 * (Shortley–Weller), so a curved exit surface keeps second order; box faces that are not exits reflect (zero flux),
 * and are put far enough out that nothing reaches them.</li>
 * <li>The mixed terms D_ac ∂_a∂_c by central differences, explicit.</li>
 * <li>Time: the Hundsdorfer–Verwer ADI scheme (θ = ½ + √3/6, second order and stable with mixed terms), after four
 * half-steps of the Douglas scheme at θ = 1 that damp the jump of S at the exit (as Rannacher's start does).</li>
 * </ul>
 * The law is computed on the lattice of {@link Resolution} and on those of a half and a quarter as many intervals
 * per axis (with twice and four times the time step): the moments are Richardson-extrapolated where the three show
 * second order, and their error, like the quantiles', is the whole change from the half lattice. Tested on exits from ellipses of rotated constant-coefficient diffusions (mean (1 − yᵀΣ⁻¹y)/n exactly),
 * on product laws of independent coordinates, and against the 1-D solver.
 */
public final class KolmogorovLattice {
    private static final double THETA = 0.5 + Math.sqrt(3) / 6;
    private static final double SURVIVAL_FLOOR = 1e-10;
    private static final int BISECTIONS = 40;
    /** Smallest distance to the exit surface, in cells: keeps the links finite where the surface passes through a node. */
    private static final double MIN_CROSSING = 1e-3;
    /** A crossing nearer than this fraction of the other side's distance is left out of the mixed differences. */
    private static final double SHORT = 0.5;

    private KolmogorovLattice() {
    }

    /** One axis: nodes centre + scale·sinh(ξ) for ξ uniform, from lo to hi. */
    public record Axis(double lo, double hi, double centre, double scale) {
        public Axis {
            if (!(lo < hi && scale > 0 && lo <= centre && centre <= hi)) {
                throw new IllegalArgumentException("an axis needs lo <= centre <= hi, lo < hi and scale > 0, got lo = " + lo
                        + ", hi = " + hi + ", centre = " + centre + ", scale = " + scale);
            }
        }

        double[] nodes(int intervals) {
            double[] x = new double[intervals + 1];
            double xiLo = FastMath.asinh((lo - centre) / scale);
            double xiHi = FastMath.asinh((hi - centre) / scale);
            for (int i = 0; i <= intervals; i++) {
                x[i] = centre + scale * Math.sinh(xiLo + (xiHi - xiLo) * i / intervals);
            }
            x[0] = lo;
            x[intervals] = hi;
            return x;
        }
    }

    /**
     * @param intervals per axis of the finest lattice, each a multiple of 4 (the half and quarter lattices are its subsets)
     * @param steps     time steps of the finest solve over about the mean plus fifteen standard deviations
     */
    public record Resolution(int[] intervals, int steps) {
        public Resolution {
            for (int n : intervals) {
                if (n < 8 || n % 4 != 0) {
                    throw new IllegalArgumentException("intervals per axis must be multiples of 4 and at least 8, got "
                            + Arrays.toString(intervals));
                }
            }
            if (steps < 16) {
                throw new IllegalArgumentException("need at least 16 time steps, got " + steps);
            }
            intervals = intervals.clone();
        }
    }

    /**
     * The exit-time law from y0.
     *
     * @param margin    &gt; 0 where the run has not exited, continuous (its zero is the exit surface)
     * @param timeScale a rough time to exit (e.g. the ODE's): the first, coarsest solve's step is a 200th of it
     */
    public static ExitTimeLaw law(Diffusion diffusion, List<Axis> axes, ToDoubleFunction<double[]> margin, double[] y0,
            double timeScale, Resolution resolution) {
        int n = diffusion.dimension();
        if (axes.size() != n || y0.length != n || resolution.intervals().length != n || n < 1 || n > 3) {
            throw new IllegalArgumentException("one to three coordinates, with an axis, a start and a resolution each; got "
                    + n + " coordinates, " + axes.size() + " axes, a start of " + y0.length + " and "
                    + resolution.intervals().length + " resolutions");
        }
        for (int a = 0; a < n; a++) {
            if (!(axes.get(a).lo() < y0[a] && y0[a] < axes.get(a).hi())) {
                throw new IllegalArgumentException("the start " + y0[a] + " is outside axis " + a + "'s ["
                        + axes.get(a).lo() + ", " + axes.get(a).hi() + "]");
            }
        }
        if (!(margin.applyAsDouble(y0) > 0)) {
            throw new IllegalArgumentException("the start has already exited");
        }
        Lattice fine = Lattice.fine(diffusion, axes, margin, resolution.intervals());
        Lattice[] lattices = {fine, fine.coarsened(2, margin), fine.coarsened(4, margin)};
        // the coarsest lattice's survival, on a step of a 200th of the time scale, sets the horizon of all three
        double[][] pilot = lattices[2].survival(y0, timeScale / 200, 200_000);
        double[] pm = moments(pilot);
        double horizon = pm[0] + 15 * Math.sqrt(Math.max(0, pm[1] - pm[0] * pm[0]));
        double[][][] curves = new double[3][][];
        double[][] m = new double[3][];
        for (int g = 0; g < 3; g++) {
            int steps = resolution.steps() >> g;
            curves[g] = lattices[g].survival(y0, horizon / steps, 8 * steps);
            m[g] = moments(curves[g]);
        }

        // Richardson's extrapolation only where the three lattices show clean second order (successive changes in a
        // ratio of 3 to 5.5); the ADI scheme loses order next to the exit surface (stiff links to it) and the mixed
        // differences are first order on the layer next to it, so elsewhere the finest value is kept. Either way the
        // error stated is the whole change from the half lattice: for a first-order change it is the finest value's
        // error, for a second-order one three times it.
        double[] moments = new double[2];
        for (int k = 0; k < 2; k++) {
            double change = m[0][k] - m[1][k];
            double ratio = (m[1][k] - m[2][k]) / change;
            moments[k] = ratio >= 3 && ratio <= 5.5 ? m[0][k] + change / (ratio - 1) : m[0][k];
        }
        double meanError = Math.abs(m[0][0] - m[1][0]);
        double sd = Math.sqrt(Math.max(0, moments[1] - moments[0] * moments[0]));
        if (!(Double.isFinite(moments[0]) && Double.isFinite(sd))) {
            throw new ArithmeticException("the exit time's moments are not finite (mean " + moments[0] + ", sd " + sd + ")");
        }
        double quantileError = ExitTimeLaw.quantileChange(curves[0], curves[1]);
        String how = String.format("backward Kolmogorov equation in %d coordinates on a %s lattice of sinh-spaced axes "
                        + "(%d nodes, %d inside the exit), Hundsdorfer-Verwer ADI (theta = %.4f, Douglas start) with %d "
                        + "steps of %.3g, exit surface located on each segment; moments Richardson-extrapolated from a half "
                        + "and a quarter of the intervals per axis where they show second order; error of the mean and the "
                        + "quantiles: change on half the intervals and steps", n,
                String.join("x", Arrays.stream(resolution.intervals()).mapToObj(i -> String.valueOf(i + 1)).toList()),
                fine.size, fine.insideCount(), THETA, curves[0][0].length - 1, horizon / resolution.steps());
        return new ExitTimeLaw(moments[0], meanError, sd, curves[0][0], curves[0][1], quantileError, how);
    }

    /**
     * {E[T], E[T²]} = {∫S dt, 2∫t S dt} by the trapezoid, with the tail past the last time as the exponential decay of
     * the last tenth of the curve (negligible when S fell below the floor).
     */
    static double[] moments(double[][] curve) {
        double[] t = curve[0];
        double[] s = curve[1];
        int last = t.length - 1;
        double m1 = 0;
        double m2 = 0;
        for (int i = 1; i <= last; i++) {
            double h = t[i] - t[i - 1];
            m1 += h * (s[i] + s[i - 1]) / 2;
            m2 += h * (t[i] * s[i] + t[i - 1] * s[i - 1]);
        }
        int back = Math.max(0, last - Math.max(1, last / 10));
        if (s[last] > 0 && s[back] > s[last]) {
            double rate = Math.log(s[back] / s[last]) / (t[last] - t[back]);
            double tail = s[last] / rate;
            m1 += tail;
            m2 += 2 * (t[last] * tail + s[last] / (rate * rate));
        }
        return new double[] {m1, m2};
    }

    /** A tensor lattice padded to three axes (a missing axis has one node), with the fitted operators on it. */
    private static final class Lattice {
        final int dim;
        final int[] count = {1, 1, 1};
        final int[] stride = new int[3];
        final int size;
        final double[][] x = new double[3][];
        /** b_a and D_ac at each node (D_ac for a ≤ c as dd[a][c]). */
        final double[][] b;
        final double[][][] dd;
        final boolean[] inside;
        /** Per axis and node: the fitted links to the lower and upper neighbour (0 across a face or an exit). */
        final double[][] lower;
        final double[][] upper;
        /**
         * Per axis and node: the distances to the neighbours (to the exit surface where the neighbour has exited, whose
         * link is then negative; 0 across a face), used by the mixed differences.
         */
        final double[][] hLow;
        final double[][] hHigh;
        /**
         * Per axis and node: the explicit correction from the fitted links to a second-order row, on the nodes i − 2 …
         * i + 2 of the axis (all zero where it does not apply).
         */
        final double[][][] correction;
        /** Per axis: the first node of each of its lines. */
        final int[][] lineStarts;
        /** Work arrays of the mixed terms: ∂_c u at every node. */
        final double[][] gradient;

        private Lattice(int dim, double[][] nodes, double[][] b, double[][][] dd, boolean[] inside) {
            this.dim = dim;
            for (int a = 0; a < 3; a++) {
                x[a] = a < dim ? nodes[a] : new double[] {0};
                count[a] = x[a].length;
            }
            stride[0] = 1;
            stride[1] = count[0];
            stride[2] = count[0] * count[1];
            size = count[0] * count[1] * count[2];
            this.b = b;
            this.dd = dd;
            this.inside = inside;
            lower = new double[dim][size];
            upper = new double[dim][size];
            hLow = new double[dim][size];
            hHigh = new double[dim][size];
            gradient = new double[dim][size];
            correction = new double[dim][5][size];
            lineStarts = new int[dim][];
            for (int a = 0; a < dim; a++) {
                lineStarts[a] = new int[size / count[a]];
                int c = 0;
                for (int p = 0; p < size; p++) {
                    if ((p / stride[a]) % count[a] == 0) {
                        lineStarts[a][c++] = p;
                    }
                }
            }
        }

        static Lattice fine(Diffusion diffusion, List<Axis> axes, ToDoubleFunction<double[]> margin, int[] intervals) {
            int dim = axes.size();
            double[][] nodes = new double[dim][];
            for (int a = 0; a < dim; a++) {
                nodes[a] = axes.get(a).nodes(intervals[a]);
            }
            int size = 1;
            for (double[] node : nodes) {
                size *= node.length;
            }
            double[][] b = new double[dim][size];
            double[][][] dd = new double[dim][dim][size];
            boolean[] inside = new boolean[size];
            double[] y = new double[dim];
            double[] bb = new double[dim];
            double[] dm = new double[dim * dim];
            Lattice shape = new Lattice(dim, nodes, b, dd, inside);
            for (int p = 0; p < size; p++) {
                shape.point(p, y);
                inside[p] = margin.applyAsDouble(y) > 0;
                if (!inside[p]) {
                    continue;
                }
                diffusion.coefficients(y, bb, dm);
                for (int a = 0; a < dim; a++) {
                    b[a][p] = bb[a];
                    for (int c = a; c < dim; c++) {
                        dd[a][c][p] = dm[a * dim + c];
                    }
                    if (!(dm[a * dim + a] > 0) || !Double.isFinite(bb[a])) {
                        throw new ArithmeticException("the diffusion is degenerate at " + Arrays.toString(y) + " (D_" + a
                                + a + " = " + dm[a * dim + a] + ", b_" + a + " = " + bb[a] + ")");
                    }
                }
            }
            shape.assemble(margin);
            shape.correct();
            return shape;
        }

        /** Every {@code stride}-th node per axis, with the coefficients already evaluated there. */
        Lattice coarsened(int step, ToDoubleFunction<double[]> margin) {
            double[][] nodes = new double[dim][];
            for (int a = 0; a < dim; a++) {
                int n = (x[a].length - 1) / step;
                nodes[a] = new double[n + 1];
                for (int i = 0; i <= n; i++) {
                    nodes[a][i] = x[a][i * step];
                }
            }
            int[] cnt = {1, 1, 1};
            for (int a = 0; a < dim; a++) {
                cnt[a] = nodes[a].length;
            }
            int sz = cnt[0] * cnt[1] * cnt[2];
            double[][] bc = new double[dim][sz];
            double[][][] dc = new double[dim][dim][sz];
            boolean[] in = new boolean[sz];
            for (int i2 = 0; i2 < cnt[2]; i2++) {
                for (int i1 = 0; i1 < cnt[1]; i1++) {
                    for (int i0 = 0; i0 < cnt[0]; i0++) {
                        int to = i0 + cnt[0] * (i1 + cnt[1] * i2);
                        int from = i0 * step + stride[1] * (dim > 1 ? i1 * step : 0) + stride[2] * (dim > 2 ? i2 * step : 0);
                        in[to] = inside[from];
                        for (int a = 0; a < dim; a++) {
                            bc[a][to] = b[a][from];
                            for (int c = a; c < dim; c++) {
                                dc[a][c][to] = dd[a][c][from];
                            }
                        }
                    }
                }
            }
            Lattice coarse = new Lattice(dim, nodes, bc, dc, in);
            coarse.assemble(margin);
            coarse.correct();
            return coarse;
        }

        int insideCount() {
            int c = 0;
            for (boolean in : inside) {
                c += in ? 1 : 0;
            }
            return c;
        }

        /** The coordinates of node p. */
        void point(int p, double[] y) {
            for (int a = 0; a < dim; a++) {
                y[a] = x[a][(p / stride[a]) % count[a]];
            }
        }

        /**
         * The fitted links along each axis: the 1-D flux form with Φ_a' = 2b_a/D_aa, the distance to an exited
         * neighbour replaced by the exit surface's crossing, no link across a face (zero flux: the control volume is
         * then the half cell).
         */
        private void assemble(ToDoubleFunction<double[]> margin) {
            double[] y = new double[dim];
            double[] z = new double[dim];
            for (int p = 0; p < size; p++) {
                if (!inside[p]) {
                    continue;
                }
                point(p, y);
                for (int a = 0; a < dim; a++) {
                    int i = (p / stride[a]) % count[a];
                    double daa = dd[a][a][p];
                    double phi = 2 * b[a][p] / daa;
                    double hm = 0;
                    double jm = 0;
                    boolean exitBelow = false;
                    if (i > 0) {
                        int q = p - stride[a];
                        hm = x[a][i] - x[a][i - 1];
                        if (inside[q]) {
                            jm = (phi + 2 * b[a][q] / dd[a][a][q]) / 2 * hm;
                        } else {
                            hm = crossing(margin, y, z, a, x[a][i - 1]);
                            jm = phi * hm;
                            exitBelow = true;
                        }
                        hLow[a][p] = hm;
                    }
                    double hp = 0;
                    double jp = 0;
                    boolean exitAbove = false;
                    if (i < count[a] - 1) {
                        int q = p + stride[a];
                        hp = x[a][i + 1] - x[a][i];
                        if (inside[q]) {
                            jp = (phi + 2 * b[a][q] / dd[a][a][q]) / 2 * hp;
                        } else {
                            hp = crossing(margin, y, z, a, x[a][i + 1]);
                            jp = phi * hp;
                            exitAbove = true;
                        }
                        hHigh[a][p] = hp;
                    }
                    double half = daa / (hm + hp);
                    double lo = i > 0 ? half * BackwardKolmogorov.bernoulli(jm) / hm : 0;
                    double up = i < count[a] - 1 ? half * BackwardKolmogorov.bernoulli(-jp) / hp : 0;
                    // a link to an exited neighbour still drains (S = 0 there): it enters the diagonal, not the row
                    lower[a][p] = exitBelow ? -lo : lo;
                    upper[a][p] = exitAbove ? -up : up;
                }
            }
        }

        /** The distance from y along axis a towards the exited node at coordinate {@code to} to the margin's zero. */
        private double crossing(ToDoubleFunction<double[]> margin, double[] y, double[] z, int a, double to) {
            System.arraycopy(y, 0, z, 0, dim);
            double in = 0;
            double out = 1;
            double from = y[a];
            for (int it = 0; it < BISECTIONS; it++) {
                double mid = (in + out) / 2;
                z[a] = from + mid * (to - from);
                if (margin.applyAsDouble(z) > 0) {
                    in = mid;
                } else {
                    out = mid;
                }
            }
            return Math.max((in + out) / 2, MIN_CROSSING) * Math.abs(to - from);
        }

        /**
         * out = F_a(u) along axis a: the links times the neighbours minus their sum times u (a negative link is one to
         * an exited neighbour: it only drains).
         */
        void axisOperator(int a, double[] u, double[] out) {
            double[] lo = lower[a];
            double[] up = upper[a];
            int s = stride[a];
            inChunks(size, (from, to) -> {
                for (int p = from; p < to; p++) {
                    if (!inside[p]) {
                        out[p] = 0;
                        continue;
                    }
                    double l = lo[p];
                    double h = up[p];
                    double v = -(Math.abs(l) + Math.abs(h)) * u[p];
                    if (l > 0) {
                        v += l * u[p - s];
                    }
                    if (h > 0) {
                        v += h * u[p + s];
                    }
                    out[p] = v;
                }
            });
        }

        /**
         * out += the mixed terms Σ_{a&lt;c} D_ac ∂_a∂_c u, as the average of ∂_a(∂_c u) and ∂_c(∂_a u): the inner
         * derivative at P and its two neighbours by the three-point formula on their own distances (S = 0 at the exit
         * surface's crossing), the outer one by the three-point formula where both neighbours are inside, one-sided
         * where one has exited or lies across a face. So the stencil never reads S at an exited node, whose 0 is not
         * the solution's value there: first order on the layer next to the exit, second order overall.
         */
        void addMixed(double[] u, double[] out) {
            if (dim < 2) {
                return;
            }
            for (int c = 0; c < dim; c++) {
                double[] g = gradient[c];
                int axis = c;
                inChunks(size, (from, to) -> {
                    for (int p = from; p < to; p++) {
                        g[p] = inside[p] ? inner(u, p, axis) : 0;
                    }
                });
            }
            inChunks(size, (from, to) -> {
                for (int a = 0; a < dim; a++) {
                    for (int c = a + 1; c < dim; c++) {
                        double[] dac = dd[a][c];
                        for (int p = from; p < to; p++) {
                            if (!inside[p] || dac[p] == 0) {
                                continue;
                            }
                            out[p] += dac[p] * (outer(gradient[c], p, a) + outer(gradient[a], p, c)) / 2;
                        }
                    }
                }
            });
        }

        /** ∂_a of the inner derivative g at node p (inside). */
        private double outer(double[] g, int p, int a) {
            double here = g[p];
            boolean below = lower[a][p] > 0;
            boolean above = upper[a][p] > 0;
            if (below && above) {
                return threePoint(g[p - stride[a]], here, g[p + stride[a]], hLow[a][p], hHigh[a][p]);
            }
            if (above) {
                return (g[p + stride[a]] - here) / hHigh[a][p];
            }
            if (below) {
                return (here - g[p - stride[a]]) / hLow[a][p];
            }
            return 0;
        }

        /**
         * The largest time step at which the explicit mixed differences stay stable next to the exit and the faces,
         * where their stencil is one-sided (the interior's central stencil is stable at any step in the ADI scheme):
         * half the inverse of the largest Σ_{a&lt;c} |D_ac|/(h_a h_c) there, h the distances the stencil uses.
         */
        double mixedStepLimit() {
            double worst = 0;
            for (int p = 0; p < size; p++) {
                if (!inside[p]) {
                    continue;
                }
                double r = 0;
                for (int a = 0; a < dim; a++) {
                    for (int c = a + 1; c < dim; c++) {
                        boolean oneSided = !(lower[a][p] > 0 && upper[a][p] > 0 && lower[c][p] > 0 && upper[c][p] > 0);
                        if (oneSided) {
                            r += Math.abs(dd[a][c][p]) / (shortest(p, a) * shortest(p, c));
                        }
                    }
                }
                worst = Math.max(worst, r);
            }
            return worst == 0 ? Double.POSITIVE_INFINITY : 0.5 / worst;
        }

        /** The shorter of the distances the mixed stencil uses along axis a at p. */
        private double shortest(int p, int a) {
            double lo = hLow[a][p];
            double hi = hHigh[a][p];
            boolean useLo = usesLow(a, p);
            boolean useHi = usesHigh(a, p);
            double h = Double.POSITIVE_INFINITY;
            if (useLo) {
                h = Math.min(h, lo);
            }
            if (useHi) {
                h = Math.min(h, hi);
            }
            return Double.isInfinite(h) ? Math.max(lo, hi) : h;
        }

        /**
         * Whether the mixed differences at p use the lower (upper) side along axis a: not across a face, nor a crossing
         * much closer than the other side, which would make the explicit term stiff (the other side is used alone).
         */
        private boolean usesLow(int a, int p) {
            return hLow[a][p] > 0 && !(lower[a][p] < 0 && hLow[a][p] < SHORT * hHigh[a][p]);
        }

        private boolean usesHigh(int a, int p) {
            return hHigh[a][p] > 0 && !(upper[a][p] < 0 && hHigh[a][p] < SHORT * hLow[a][p]);
        }

        /** ∂_c u at node p (inside): S = 0 at an exited neighbour's crossing, one-sided at a face. */
        private double inner(double[] u, int p, int c) {
            double l = lower[c][p];
            double h = upper[c][p];
            double hl = hLow[c][p];
            double hh = hHigh[c][p];
            double vl = l > 0 ? u[p - stride[c]] : 0;
            double vh = h > 0 ? u[p + stride[c]] : 0;
            boolean hasLow = usesLow(c, p);
            boolean hasHigh = usesHigh(c, p);
            if (hasLow && hasHigh) {
                return threePoint(vl, u[p], vh, hl, hh);
            }
            if (hasHigh) {
                return (vh - u[p]) / hh;
            }
            if (hasLow) {
                return (u[p] - vl) / hl;
            }
            return 0;
        }

        /** f′ at the middle of three points at distances hl below and hh above (second order). */
        private static double threePoint(double below, double middle, double above, double hl, double hh) {
            return (hl * hl * (above - middle) + hh * hh * (middle - below)) / (hl * hh * (hl + hh));
        }

        /** Thomas factors of (I − w A_a) on every line of axis a: the sub-diagonal, the pivots and the scaled upper. */
        double[][] factor(int a, double w) {
            double[] sub = new double[size];
            double[] pivot = new double[size];
            double[] upperPrime = new double[size];
            int s = stride[a];
            int len = count[a];
            for (int start : lineStarts[a]) {
                double previous = 0;
                for (int i = 0; i < len; i++) {
                    int p = start + i * s;
                    if (!inside[p]) {
                        sub[p] = 0;
                        pivot[p] = 1;
                        upperPrime[p] = 0;
                        previous = 0;
                        continue;
                    }
                    double l = lower[a][p];
                    double h = upper[a][p];
                    double diag = 1 + w * (Math.abs(l) + Math.abs(h));
                    double offLow = l > 0 ? -w * l : 0;
                    double offHigh = h > 0 ? -w * h : 0;
                    double d = diag - offLow * previous;
                    sub[p] = offLow;
                    pivot[p] = d;
                    upperPrime[p] = offHigh / d;
                    previous = upperPrime[p];
                }
            }
            return new double[][] {sub, pivot, upperPrime};
        }

        /** Solves (I − w A_a) v = rhs in place on every line of axis a with the factors of {@link #factor}. */
        void solve(int a, double[][] f, double[] v) {
            double[] sub = f[0];
            double[] pivot = f[1];
            double[] upperPrime = f[2];
            int s = stride[a];
            int len = count[a];
            int[] starts = lineStarts[a];
            inChunks(starts.length, (from, to) -> {
                for (int line = from; line < to; line++) {
                    int start = starts[line];
                    double previous = 0;
                    for (int i = 0; i < len; i++) {
                        int p = start + i * s;
                        double r = inside[p] ? v[p] : 0;
                        previous = (r - sub[p] * previous) / pivot[p];
                        v[p] = previous;
                    }
                    for (int i = len - 2; i >= 0; i--) {
                        int p = start + i * s;
                        v[p] -= upperPrime[p] * v[p + s];
                    }
                }
            });
        }

        /** F(u) = Σ_a F_a(u) + mixed, with each F_a(u) kept in parts[a]. */
        void operator(double[] u, double[][] parts, double[] total) {
            Arrays.fill(total, 0);
            for (int a = 0; a < dim; a++) {
                axisOperator(a, u, parts[a]);
                for (int p = 0; p < size; p++) {
                    total[p] += parts[a][p];
                }
            }
            addMixed(u, total);
            addCorrection(u, total);
        }

        /**
         * The fitted links are the upwind difference wherever a cell's Péclet number Pe = |b|h/(D/2) is large: first
         * order, with an artificial diffusion ≈ |b|h/2 that the escape's transport region (|m| ≫ the noise's scale,
         * where the drift carries S) would otherwise suffer at any affordable lattice. The row is corrected, explicitly,
         * to ½D u''_c + b[(1 − w) u'_c + w u'_up], u'_c central and u'_up the one-sided three-point derivative on the
         * drift's side, both second order, with w = 1 − 1/((Pe/2) coth(Pe/2)) (0 where the links are already
         * central, → 1 where they upwind). The correction is O(|b|/h), explicit at a Courant number |b|dt/h ≪ 1. Next
         * to the exit surface (a neighbour, or the drift side's second neighbour, exited) and at faces the fitted row
         * stays: it resolves the exit's boundary layer (width D/|b|) exactly.
         */
        private void correct() {
            for (int a = 0; a < dim; a++) {
                int s = stride[a];
                double[][] c = correction[a];
                for (int p = 0; p < size; p++) {
                    if (!inside[p]) {
                        continue;
                    }
                    int i = (p / s) % count[a];
                    double bb = b[a][p];
                    int dir = bb >= 0 ? 1 : -1;
                    int far = i + 2 * dir;
                    if (i < 1 || i > count[a] - 2 || far < 0 || far > count[a] - 1 || !inside[p - s] || !inside[p + s]
                            || !inside[p + 2 * dir * s]) {
                        continue;
                    }
                    double hm = x[a][i] - x[a][i - 1];
                    double hp = x[a][i + 1] - x[a][i];
                    double daa = dd[a][a][p];
                    double pe = Math.abs(bb) * (hm + hp) / daa;
                    double w = pe < 1e-8 ? 0 : 1 - 1 / (pe / 2 / Math.tanh(pe / 2));
                    double[] row = new double[5];
                    row[3] += daa / (hp * (hm + hp));
                    row[1] += daa / (hm * (hm + hp));
                    row[2] -= daa / (hp * (hm + hp)) + daa / (hm * (hm + hp));
                    double central = bb * (1 - w);
                    row[3] += central * hm / (hp * (hm + hp));
                    row[1] -= central * hp / (hm * (hm + hp));
                    row[2] += central * (hp - hm) / (hm * hp);
                    double h1 = Math.abs(x[a][i + dir] - x[a][i]);
                    double h2 = Math.abs(x[a][far] - x[a][i + dir]);
                    double up = bb * w * dir;
                    row[2] += up * -(2 * h1 + h2) / (h1 * (h1 + h2));
                    row[2 + dir] += up * (h1 + h2) / (h1 * h2);
                    row[2 + 2 * dir] += up * -h1 / (h2 * (h1 + h2));
                    // minus the fitted row
                    row[1] -= lower[a][p];
                    row[3] -= upper[a][p];
                    row[2] += lower[a][p] + upper[a][p];
                    for (int e = 0; e < 5; e++) {
                        c[e][p] = row[e];
                    }
                }
            }
        }

        private void addCorrection(double[] u, double[] out) {
            inChunks(size, (from, to) -> {
                for (int a = 0; a < dim; a++) {
                    int s = stride[a];
                    double[][] c = correction[a];
                    for (int p = from; p < to; p++) {
                        double c0 = c[2][p];
                        if (c0 == 0 && c[1][p] == 0) {
                            continue;
                        }
                        double v = c0 * u[p] + c[1][p] * u[p - s] + c[3][p] * u[p + s];
                        if (c[0][p] != 0) {
                            v += c[0][p] * u[p - 2 * s];
                        }
                        if (c[4][p] != 0) {
                            v += c[4][p] * u[p + 2 * s];
                        }
                        out[p] += v;
                    }
                }
            });
        }

        /**
         * {times, S(t, y0)} from S = 1 inside, until S(y0) &lt; the floor or maxSteps. The step starts at dt/64 and
         * grows by a quarter per step to dt: the jump of S at the exit excites modes as stiff as the shortest link (a
         * node next to the exit surface), which the ADI scheme damps only by about half per step; small first steps
         * (four of them half-steps of the Douglas scheme at θ = 1, which damps them fully) keep them from polluting
         * the mean.
         */
        double[][] survival(double[] y0, double target, int maxSteps) {
            double dt = Math.min(target, mixedStepLimit());
            if (dt < target) {
                maxSteps = (int) Math.min(Integer.MAX_VALUE / 2, (long) Math.ceil(maxSteps * target / dt));
            }
            double[] u = new double[size];
            for (int p = 0; p < size; p++) {
                u[p] = inside[p] ? 1 : 0;
            }
            double[][] fu = new double[dim][size];
            double[][] fy = new double[dim][size];
            double[] totalU = new double[size];
            double[] totalY = new double[size];
            double[] y = new double[size];
            double[][][] factors = new double[dim][][];
            double factoredFor = Double.NaN;
            Interpolation at = new Interpolation(this, y0);
            List<double[]> curve = new ArrayList<>();
            curve.add(new double[] {0, at.value(u)});
            double t = 0;
            double h = dt / 64;
            for (int step = 0; step < maxSteps && curve.get(curve.size() - 1)[1] >= SURVIVAL_FLOOR; step++) {
                if (step < 2) {
                    // Douglas at θ = 1 on half-steps: damps the jump of S at the exit
                    if (factoredFor != -h) {
                        for (int a = 0; a < dim; a++) {
                            factors[a] = factor(a, h / 2);
                        }
                        factoredFor = -h;
                    }
                    for (int half = 0; half < 2; half++) {
                        operator(u, fu, totalU);
                        for (int p = 0; p < size; p++) {
                            u[p] += h / 2 * totalU[p];
                        }
                        for (int a = 0; a < dim; a++) {
                            for (int p = 0; p < size; p++) {
                                u[p] -= h / 2 * fu[a][p];
                            }
                            solve(a, factors[a], u);
                        }
                    }
                } else {
                    if (factoredFor != h) {
                        for (int a = 0; a < dim; a++) {
                            factors[a] = factor(a, THETA * h);
                        }
                        factoredFor = h;
                    }
                    operator(u, fu, totalU);
                    for (int p = 0; p < size; p++) {
                        y[p] = u[p] + h * totalU[p];
                    }
                    for (int a = 0; a < dim; a++) {
                        for (int p = 0; p < size; p++) {
                            y[p] -= THETA * h * fu[a][p];
                        }
                        solve(a, factors[a], y);
                    }
                    operator(y, fy, totalY);
                    for (int p = 0; p < size; p++) {
                        u[p] += h * totalU[p] + h / 2 * (totalY[p] - totalU[p]);
                    }
                    for (int a = 0; a < dim; a++) {
                        for (int p = 0; p < size; p++) {
                            u[p] -= THETA * h * fy[a][p];
                        }
                        solve(a, factors[a], u);
                    }
                }
                t += h;
                curve.add(new double[] {t, Math.max(0, Math.min(1, at.value(u)))});
                if (step >= 1) {
                    h = Math.min(dt, h * 1.25);
                }
            }
            double[][] out = new double[2][curve.size()];
            for (int i = 0; i < curve.size(); i++) {
                out[0][i] = curve.get(i)[0];
                out[1][i] = curve.get(i)[1];
            }
            return out;
        }
    }

    /** Work on [0, n) in pieces, in parallel: every piece writes its own nodes only, so the result is the same on any number of threads. */
    private static void inChunks(int n, Chunk body) {
        int pieces = Math.min(64, Math.max(1, n / 4096));
        if (pieces == 1) {
            body.run(0, n);
            return;
        }
        java.util.stream.IntStream.range(0, pieces).parallel().forEach(c -> body.run((int) ((long) n * c / pieces),
                (int) ((long) n * (c + 1) / pieces)));
    }

    private interface Chunk {
        void run(int from, int to);
    }

    /** Multilinear interpolation at a fixed point: the cell's corners and their weights, found once. */
    private static final class Interpolation {
        final int[] corners;
        final double[] weights;

        Interpolation(Lattice g, double[] y0) {
            int dim = g.dim;
            int[] lo = new int[3];
            double[] f = new double[3];
            for (int a = 0; a < dim; a++) {
                double[] xa = g.x[a];
                int i = Arrays.binarySearch(xa, y0[a]);
                if (i >= 0) {
                    lo[a] = Math.min(i, xa.length - 2);
                } else {
                    lo[a] = -i - 2;
                }
                f[a] = (y0[a] - xa[lo[a]]) / (xa[lo[a] + 1] - xa[lo[a]]);
            }
            int n = 1 << dim;
            corners = new int[n];
            weights = new double[n];
            for (int c = 0; c < n; c++) {
                int p = 0;
                double w = 1;
                for (int a = 0; a < dim; a++) {
                    int bit = (c >> a) & 1;
                    p += (lo[a] + bit) * g.stride[a];
                    w *= bit == 1 ? f[a] : 1 - f[a];
                }
                corners[c] = p;
                weights[c] = g.inside[p] ? w : 0;
            }
        }

        double value(double[] u) {
            double s = 0;
            for (int c = 0; c < corners.length; c++) {
                s += weights[c] * u[corners[c]];
            }
            return s;
        }
    }
}

package dev.overlap.theory;

import java.util.Arrays;
import org.apache.commons.math3.util.FastMath;

/**
 * The exit-time law of a one-dimensional diffusion dX = b(X)dt + √D(X) dW from an interval (lo, hi), absorbed at
 * both ends, from its backward Kolmogorov equation (docs/theory.md §10):
 * <pre>
 *   ∂ₜS = ½D S'' + b S',  S(0, x) = 1 inside, S(t, lo) = S(t, hi) = 0       (survival)
 *   ½D T'' + b T' = −1,   ½D T₂'' + b T₂' = −2T,  T = T₂ = 0 at lo and hi      (first two moments)
 * </pre>
 * The grid is x = ε sinh(ξ) with ξ uniform, fine (spacing εΔξ) near the unstable point 0, where the noise decides the
 * escape, and relatively uniform (spacing ≈ |x|Δξ) where the drift carries it. The generator is discretised in its
 * flux form ½D e^{−Φ}(e^{Φ}u')', Φ' = 2b/D, with exponential fitting (Scharfetter–Gummel): exact for constant
 * coefficients on a cell, central differences (second order) where the cell's Péclet number ΔΦ is small, and an
 * M-matrix at any ΔΦ, so S stays in [0, 1] even where the noise is far too small to resolve (|x| ≫ 1/√d at large
 * d). Time: four implicit-Euler half-steps (Rannacher's start, which damps the jump of S at the boundary), then
 * Crank–Nicolson.
 *
 * <p>When b is odd and D even the moments are also given by quadrature of the scale-function double integral
 * T(x) = ∫ₓʳ dy ∫₀ʸ (2/D(z)) e^{Φ(z) − Φ(y)} dz on [0, r] (reflecting at 0), with the kernel e^{Φ(z) − Φ(y)}
 * integrated exactly on each cell for the local slope of Φ, which keeps it accurate where ΔΦ per cell is large; that
 * is the mean reported, and the discretised PDE's is its check.
 *
 * <p>Every quantity is computed twice, on the grid and time steps of {@link Resolution} and on half as many, and
 * the difference is reported as its error; the moments, which are cheap, also on a quarter as many nodes, and are
 * Richardson-extrapolated at the order the three show (their error the change the extrapolation makes).
 */
public final class BackwardKolmogorov {
    /** Relative asymmetry of b and D on the grid below which the double integral's reflection at 0 is used. */
    private static final double SYMMETRY_TOLERANCE = 1e-9;
    /** Survival at the start below which the time stepping stops. */
    private static final double SURVIVAL_FLOOR = 1e-10;

    private BackwardKolmogorov() {
    }

    /** The coefficients of the generator ½D(x)u'' + b(x)u'. */
    public interface Coefficients {
        double drift(double x);

        /** D(x) &gt; 0: the variance of the increment per unit time. */
        double variance(double x);

        /** The coefficients of given functions. */
        static Coefficients of(java.util.function.DoubleUnaryOperator drift, java.util.function.DoubleUnaryOperator variance) {
            return new Coefficients() {
                @Override
                public double drift(double x) {
                    return drift.applyAsDouble(x);
                }

                @Override
                public double variance(double x) {
                    return variance.applyAsDouble(x);
                }
            };
        }
    }

    /**
     * @param nodes intervals of the finer grid (a multiple of 8, so that 0 is a node of a symmetric interval on it and on
     *              the grids of a half and a quarter as many, which estimate the error)
     * @param steps time steps of the finer solve, over about the mean plus fifteen standard deviations
     */
    public record Resolution(int nodes, int steps) {
        /** About a second per law; the survival's error ~10⁻⁵, the moments' ~10⁻⁷ relative at d ≤ 10⁴ (printed with them). */
        public static final Resolution DEFAULT = new Resolution(8000, 6000);

        public Resolution {
            if (nodes < 16 || nodes % 8 != 0 || steps < 8) {
                throw new IllegalArgumentException("a resolution needs nodes a multiple of 8 and at least 8 steps, got "
                        + nodes + ", " + steps);
            }
        }
    }

    /**
     * The exit-time law from x0 ∈ (lo, hi), lo &lt; 0 &lt; hi.
     *
     * @param scale ε of the grid: the width of the region near 0 where diffusion competes with the drift
     *              (√(D(0)/(2b'(0))) for an unstable point)
     */
    public static ExitTimeLaw law(Coefficients c, double lo, double hi, double x0, double scale, Resolution r) {
        if (!(lo < 0 && 0 < hi && lo < x0 && x0 < hi && scale > 0)) {
            throw new IllegalArgumentException("need lo < 0 < hi, x0 inside and scale > 0; got lo = " + lo + ", hi = " + hi
                    + ", x0 = " + x0 + ", scale = " + scale);
        }
        if (Math.abs(lo + hi) <= 1e-12 * (hi - lo)) {
            // ends found separately (by root finding) that agree to round-off: the interval is symmetric
            hi = (hi - lo) / 2;
            lo = -hi;
        }
        Grid fine = new Grid(c, lo, hi, scale, r.nodes());
        Grid coarse = new Grid(fine, 2);
        Grid coarser = new Grid(fine, 4);
        boolean symmetric = fine.symmetric() && coarse.symmetric() && coarser.symmetric();
        double[][] m = new double[3][];
        Grid[] grids = {fine, coarse, coarser};
        for (int g = 0; g < 3; g++) {
            m[g] = symmetric ? grids[g].doubleIntegralMoments(x0) : grids[g].pdeMoments(x0);
        }
        // Richardson's extrapolation with the observed order: the schemes are second order where the grid resolves the
        // noise and first order where a cell's Péclet number is large (high d), so the ratio of successive changes
        // (4 or 2, kept within [2, 8]) sets both the extrapolation and its error, the change still left in the finer value
        double[] moments = new double[2];
        double meanError = 0;
        for (int k = 0; k < 2; k++) {
            double change = m[0][k] - m[1][k];
            double ratio = change == 0 ? 4 : Math.max(2, Math.min(8, (m[1][k] - m[2][k]) / change));
            moments[k] = m[0][k] + change / (ratio - 1);
            if (k == 0) {
                meanError = Math.abs(change) / (ratio - 1);
            }
        }
        double sd = Math.sqrt(Math.max(0, moments[1] - moments[0] * moments[0]));
        if (!(Double.isFinite(moments[0]) && Double.isFinite(sd))) {
            throw new ArithmeticException("the exit time's moments are not finite (mean " + moments[0] + ", sd " + sd + ")");
        }
        double horizon = moments[0] + 15 * sd;
        double[][] sFine = fine.survival(x0, horizon / r.steps(), 4 * r.steps());
        double[][] sCoarse = coarse.survival(x0, horizon / (r.steps() / 2), 4 * (r.steps() / 2));
        double quantileError = ExitTimeLaw.quantileChange(sFine, sCoarse);
        String how = String.format("backward Kolmogorov equation on (%.6g, %.6g): %s; survival by Crank-Nicolson "
                        + "(Rannacher start) on %d sinh-spaced nodes (scale %.3g) and %d steps of %.3g; moments Richardson-"
                        + "extrapolated from a half and a quarter of the nodes at the observed order, with the change left "
                        + "as their error; quantile error: change on half the nodes and steps", lo, hi, symmetric
                        ? "mean and sd by the scale-function double integral (b odd, D even: reflecting at 0)"
                        : "mean and sd from the discretised equations for T and T2", r.nodes(), scale, sFine[0].length - 1,
                horizon / r.steps());
        return new ExitTimeLaw(moments[0], meanError, sd, sFine[0], sFine[1], quantileError, how);
    }

    /** The law's mean as the discretised PDE gives it (T from its tridiagonal system), for cross-checks. */
    static double pdeMean(Coefficients c, double lo, double hi, double x0, double scale, int nodes) {
        return new Grid(c, lo, hi, scale, nodes).pdeMoments(x0)[0];
    }

    /** B(z) = z/(e^z − 1), the Bernoulli function of exponential fitting, stable for every z. */
    static double bernoulli(double z) {
        if (Math.abs(z) < 1e-6) {
            return 1 - z / 2 + z * z / 12;
        }
        if (z > 700) {
            return z * Math.exp(-z);
        }
        return z / Math.expm1(z);
    }

    /** The sinh-spaced grid, the coefficients on it and the fitted tridiagonal generator on its interior nodes. */
    private static final class Grid {
        final int n;
        final double[] x;
        final double[] b;
        final double[] dd;
        final double[] phi;
        /** Generator rows for interior nodes 1..n−1: lower, diagonal, upper. */
        final double[] lower;
        final double[] diag;
        final double[] upper;

        Grid(Coefficients c, double lo, double hi, double scale, int n) {
            this.n = n;
            x = new double[n + 1];
            double xiLo = FastMath.asinh(lo / scale);
            double xiHi = FastMath.asinh(hi / scale);
            for (int i = 0; i <= n; i++) {
                x[i] = scale * Math.sinh(xiLo + (xiHi - xiLo) * i / n);
            }
            x[0] = lo;
            x[n] = hi;
            if (lo == -hi) {
                x[n / 2] = 0;
            }
            b = new double[n + 1];
            dd = new double[n + 1];
            phi = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                b[i] = c.drift(x[i]);
                dd[i] = c.variance(x[i]);
                if (!(dd[i] > 0) || !Double.isFinite(b[i])) {
                    throw new ArithmeticException("the diffusion is degenerate at x = " + x[i] + " (D = " + dd[i] + ", b = "
                            + b[i] + ")");
                }
                phi[i] = 2 * b[i] / dd[i];
            }
            lower = new double[n + 1];
            diag = new double[n + 1];
            upper = new double[n + 1];
            assemble();
        }

        /**
         * Every {@code stride}-th node of a finer grid, with its coefficients: the coarser grids of the error estimates
         * reuse the finer grid's evaluations (each one a quadrature of the update rule) instead of repeating them.
         */
        Grid(Grid finer, int stride) {
            n = finer.n / stride;
            x = new double[n + 1];
            b = new double[n + 1];
            dd = new double[n + 1];
            phi = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                x[i] = finer.x[i * stride];
                b[i] = finer.b[i * stride];
                dd[i] = finer.dd[i * stride];
                phi[i] = finer.phi[i * stride];
            }
            lower = new double[n + 1];
            diag = new double[n + 1];
            upper = new double[n + 1];
            assemble();
        }

        /** The fitted generator's rows on the interior nodes. */
        private void assemble() {
            for (int i = 1; i < n; i++) {
                double hm = x[i] - x[i - 1];
                double hp = x[i + 1] - x[i];
                double bar = (hm + hp) / 2;
                double half = dd[i] / 2 / bar;
                lower[i] = half * bernoulli(jump(i - 1)) / hm;
                upper[i] = half * bernoulli(-jump(i)) / hp;
                diag[i] = -(lower[i] + upper[i]);
            }
        }

        /** Φ(x_{i+1}) − Φ(x_i), Φ' = 2b/D by the trapezoid. */
        double jump(int i) {
            return (phi[i] + phi[i + 1]) / 2 * (x[i + 1] - x[i]);
        }

        boolean symmetric() {
            if (x[0] != -x[n]) {
                return false;
            }
            double bScale = Arrays.stream(b).map(Math::abs).max().orElse(0);
            double dScale = Arrays.stream(dd).max().orElse(0);
            for (int i = 0; i <= n; i++) {
                if (Math.abs(b[i] + b[n - i]) > SYMMETRY_TOLERANCE * bScale
                        || Math.abs(dd[i] - dd[n - i]) > SYMMETRY_TOLERANCE * dScale) {
                    return false;
                }
            }
            return true;
        }

        /** {E[T], E[T²]} from x0 by the double integrals on [0, hi] (b odd, D even). */
        double[] doubleIntegralMoments(double x0) {
            int from = n / 2;
            int k = n - from;
            double[] f = new double[k + 1];
            for (int j = 0; j <= k; j++) {
                f[j] = 2 / dd[from + j];
            }
            double[] t1 = reflectedSolve(f);
            for (int j = 0; j <= k; j++) {
                f[j] = 4 * t1[j] / dd[from + j];
            }
            double[] t2 = reflectedSolve(f);
            double y = Math.abs(x0);
            return new double[] {interpolate(t1, from, y), interpolate(t2, from, y)};
        }

        /**
         * u(x) = ∫ₓʳ dy ∫₀ʸ f(z) e^{Φ(z) − Φ(y)} dz on the nodes x ≥ 0: the solution of u'' + Φ'u' = −f with u'(0) = 0,
         * u(r) = 0. The inner integral is carried from cell to cell, e^{−ΔΦ} times the previous one plus the last cell,
         * where f is linear and Φ(z) − Φ(y) is taken as Φ'(y)(z − y): exact for the kernel where it decays within the
         * cell (large ΔΦ), second order where it does not.
         */
        double[] reflectedSolve(double[] f) {
            int from = n / 2;
            int k = n - from;
            double[] inner = new double[k + 1];
            for (int j = 0; j < k; j++) {
                int i = from + j;
                double h = x[i + 1] - x[i];
                double a = phi[i + 1] * h;
                double e0 = moment(0, a);
                double e1 = moment(1, a);
                inner[j + 1] = inner[j] * Math.exp(-jump(i)) + h * (f[j] * e1 + f[j + 1] * (e0 - e1));
            }
            double[] u = new double[k + 1];
            for (int j = k - 1; j >= 0; j--) {
                int i = from + j;
                u[j] = u[j + 1] + (x[i + 1] - x[i]) * (inner[j] + inner[j + 1]) / 2;
            }
            return u;
        }

        /** {E[T], E[T²]} from x0 by the discretised equations for T and T₂ (tridiagonal, both ends absorbing). */
        double[] pdeMoments(double x0) {
            double[] rhs = new double[n + 1];
            Arrays.fill(rhs, 1, n, -1);
            double[] t1 = solve(0, 1, rhs);
            for (int i = 1; i < n; i++) {
                rhs[i] = -2 * t1[i];
            }
            double[] t2 = solve(0, 1, rhs);
            return new double[] {interpolate(t1, 0, x0), interpolate(t2, 0, x0)};
        }

        /**
         * {times, S(t, x0)} stepping S' = A S from S = 1 with step dt: four implicit-Euler half-steps, then
         * Crank–Nicolson, until S(x0) &lt; 1e-10 or maxSteps.
         */
        double[][] survival(double x0, double dt, int maxSteps) {
            double[] s = new double[n + 1];
            Arrays.fill(s, 1, n, 1);
            double[] rhs = new double[n + 1];
            Tridiagonal implicit = new Tridiagonal(this, 1, -dt / 2);
            double[] times = new double[maxSteps + 1];
            double[] at = new double[maxSteps + 1];
            at[0] = 1;
            int step = 0;
            while (step < maxSteps && at[step] >= SURVIVAL_FLOOR) {
                if (step < 2) {
                    for (int half = 0; half < 2; half++) {
                        System.arraycopy(s, 0, rhs, 0, n + 1);
                        s = implicit.solve(rhs);
                    }
                } else {
                    for (int i = 1; i < n; i++) {
                        rhs[i] = s[i] + dt / 2 * (lower[i] * s[i - 1] + diag[i] * s[i] + upper[i] * s[i + 1]);
                    }
                    s = implicit.solve(rhs);
                }
                step++;
                times[step] = step * dt;
                at[step] = Math.max(0, Math.min(1, interpolate(s, 0, x0)));
            }
            return new double[][] {Arrays.copyOf(times, step + 1), Arrays.copyOf(at, step + 1)};
        }

        /** The solution of (alpha·I + beta·A) u = rhs on the interior, u = 0 at both ends. */
        double[] solve(double alpha, double beta, double[] rhs) {
            return new Tridiagonal(this, alpha, beta).solve(rhs);
        }

        /** u at y by linear interpolation between the nodes from index {@code from} on (u[j] at x[from + j]). */
        double interpolate(double[] u, int from, double y) {
            int hi = Arrays.binarySearch(x, from, n + 1, y);
            if (hi >= 0) {
                return u[hi - from];
            }
            hi = -hi - 1;
            int lo = hi - 1;
            double w = (y - x[lo]) / (x[hi] - x[lo]);
            return u[lo - from] + w * (u[hi - from] - u[lo - from]);
        }
    }

    /**
     * (alpha·I + beta·A) on the interior nodes, factored once by the Thomas algorithm (no pivoting: for alpha ≥ 0 ≥ beta,
     * or alpha = 0, the matrix is a diagonally dominant M-matrix up to sign). Hand-written: no library on the project's
     * list has a banded solver, and this is the inner loop of every time step.
     */
    private static final class Tridiagonal {
        private final int n;
        private final double[] lower;
        private final double[] upperPrime;
        private final double[] pivot;

        Tridiagonal(Grid g, double alpha, double beta) {
            n = g.n;
            lower = new double[n + 1];
            upperPrime = new double[n + 1];
            pivot = new double[n + 1];
            double previousUpper = 0;
            for (int i = 1; i < n; i++) {
                lower[i] = beta * g.lower[i];
                double d = alpha + beta * g.diag[i] - lower[i] * previousUpper;
                pivot[i] = d;
                upperPrime[i] = beta * g.upper[i] / d;
                previousUpper = upperPrime[i];
            }
        }

        double[] solve(double[] rhs) {
            double[] y = new double[n + 1];
            for (int i = 1; i < n; i++) {
                y[i] = (rhs[i] - lower[i] * y[i - 1]) / pivot[i];
            }
            for (int i = n - 2; i >= 1; i--) {
                y[i] -= upperPrime[i] * y[i + 1];
            }
            y[0] = 0;
            y[n] = 0;
            return y;
        }
    }

    /**
     * E_n(a) = ∫₀¹ uⁿ e^{−a u} du: by its series Σ_m (−a)^m/(m!(n + m + 1)) for |a| &lt; 2 (35 terms reach 10⁻¹⁶), else
     * n!/a^{n+1}·(1 − e^{−a} Σ_{j≤n} a^j/j!).
     */
    static double moment(int n, double a) {
        if (Math.abs(a) < 2) {
            double sum = 0;
            double term = 1;
            for (int m = 0; m < 35; m++) {
                sum += term / (n + m + 1);
                term *= -a / (m + 1);
            }
            return sum;
        }
        double partial = 0;
        double power = 1;
        double factorial = 1;
        for (int j = 0; j <= n; j++) {
            partial += power / factorial;
            power *= a;
            factorial *= j + 1;
        }
        // factorial is now (n + 1)!, power a^{n+1}
        return factorial / (n + 1) / power * (1 - Math.exp(-a) * partial);
    }

}

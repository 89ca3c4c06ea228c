package dev.overlap.theory;

import dev.overlap.engine.ode.Drift;
import dev.overlap.engine.ode.IncrementCovariance;
import dev.overlap.engine.ode.OdeEngine;
import dev.overlap.engine.TimeAxis;
import dev.overlap.overlaps.OverlapState;
import java.util.Arrays;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Linearised escape from mediocrity (docs/theory.md §7). At the fixed point M = 0 (Q, a relaxed), the
 * M-block of the drift is dM/dt ≈ J M; its largest eigenvalue λ is the escape rate, and an ODE started
 * at |m₀| ~ 1/√d exits after ≈ ln(d)/(2λ) + c. The per-step M increment has covariance η² C at the
 * fixed point, C = E[(Gν)(Gν)ᵀ], i.e. D = (η²/τ) C per unit of natural time, so near M = 0 the SGD
 * overlaps behave like the ODE from the effective initial condition M₀ + (D/(2λ))^{1/2} Z.
 */
public final class EscapeTheory {
    /** Finite-difference step for the Jacobian: truncation O(h²) and round-off O(ε/h) both ≲ 1e-10. */
    private static final double JACOBIAN_STEP = 1e-5;
    /** Relative size of |dM/dt| at M = 0 above which M = 0 is not a fixed point. */
    private static final double FIXED_POINT_TOLERANCE = 1e-9;

    private EscapeTheory() {
    }

    /** The mediocrity fixed point and how far from stationary its Q, a still are (max |dX/dt|). */
    public record Mediocrity(OverlapState state, double residual) {
    }

    /** λ, a unit eigenvector (p×k, row-major) and the Jacobian of the M-block (pk×pk). */
    public record EscapeRate(double lambda, double[] direction, double[] jacobian) {
    }

    /**
     * Relaxes Q and a with M = 0 held at its fixed point (M = 0 is invariant when the teacher's
     * information exponent is ≥ 2), in chunks of natural time until the drift is below 1e-10 or
     * t = 10⁴.
     *
     * @throws NoMediocrityException if M = 0 is not a fixed point of the drift
     */
    public static Mediocrity mediocrity(Drift drift, OverlapState start, double naturalPerStep) {
        int p = start.p();
        int k = start.k();
        double[] q = start.qArray();
        double[] a = start.aArray();
        double[] m = new double[p * k];
        double[] dq = new double[p * p];
        double[] dm = new double[p * k];
        double[] da = new double[p];
        drift.evaluate(q, m, a, dq, dm, da);
        double dmMax = Arrays.stream(dm).map(Math::abs).max().orElse(0);
        double scale = Math.max(1, Arrays.stream(dq).map(Math::abs).max().orElse(0));
        if (dmMax > FIXED_POINT_TOLERANCE * scale) {
            throw new NoMediocrityException("M = 0 is not a fixed point of this model's drift (max |dM/dt| = "
                    + dmMax + "): the teacher has information exponent 1, there is no mediocrity to escape");
        }
        OverlapState state = new OverlapState(p, k, q, m, start.teacherArray(), a);
        double residual = residual(drift, state);
        for (double t = 0; residual > 1e-10 && t < 1e4; t += 10) {
            state = integrate(drift, state, 10, naturalPerStep);
            residual = residual(drift, state);
        }
        return new Mediocrity(state, residual);
    }

    private static OverlapState integrate(Drift drift, OverlapState start, double time, double naturalPerStep) {
        OdeEngine ode = new OdeEngine(drift, new TimeAxis(TimeAxis.Unit.NATURAL, naturalPerStep), naturalPerStep,
                time, 1e-12, 1e-15);
        OverlapState[] last = {start};
        ode.integrate(start, (step, t, s) -> {
            last[0] = s.snapshot();
            return true;
        });
        return last[0];
    }

    private static double residual(Drift drift, OverlapState s) {
        int p = s.p();
        double[] dq = new double[p * p];
        double[] dm = new double[p * s.k()];
        double[] da = new double[p];
        drift.evaluate(s.qArray(), s.mArray(), s.aArray(), dq, dm, da);
        double r = 0;
        for (double[] v : new double[][] {dq, dm, da}) {
            for (double x : v) {
                r = Math.max(r, Math.abs(x));
            }
        }
        return r;
    }

    /** The Jacobian of dM/dt with respect to M at the fixed point, by central differences, and its top eigenpair. */
    public static EscapeRate rate(Drift drift, Mediocrity fixed) {
        OverlapState s = fixed.state();
        int p = s.p();
        int k = s.k();
        int n = p * k;
        double[] q = s.qArray();
        double[] a = s.aArray();
        double[] dq = new double[p * p];
        double[] da = new double[p];
        double[] up = new double[n];
        double[] down = new double[n];
        double[] jac = new double[n * n];
        for (int v = 0; v < n; v++) {
            double[] m = new double[n];
            m[v] = JACOBIAN_STEP;
            drift.evaluate(q, m, a, dq, up, da);
            m[v] = -JACOBIAN_STEP;
            drift.evaluate(q, m, a, dq, down, da);
            for (int u = 0; u < n; u++) {
                jac[u * n + v] = (up[u] - down[u]) / (2 * JACOBIAN_STEP);
            }
        }
        RealMatrix j = MatrixUtils.createRealMatrix(n, n);
        for (int u = 0; u < n; u++) {
            for (int v = 0; v < n; v++) {
                j.setEntry(u, v, jac[u * n + v]);
            }
        }
        EigenDecomposition eig = new EigenDecomposition(j);
        double[] re = eig.getRealEigenvalues();
        int top = 0;
        for (int i = 1; i < n; i++) {
            if (re[i] > re[top]) {
                top = i;
            }
        }
        double[] direction = eig.hasComplexEigenvalues() ? uniform(n) : eig.getEigenvector(top).unitVector().toArray();
        return new EscapeRate(re[top], direction, jac);
    }

    private static double[] uniform(int n) {
        double[] v = new double[n];
        Arrays.fill(v, 1 / Math.sqrt(n));
        return v;
    }

    /**
     * C = Cov[G ν] at the fixed point (pk×pk, entries (j, r) row-major): the M block of Cov[H], so the
     * covariance of one M increment is η² C.
     */
    public static double[] incrementCovariance(IncrementCovariance covariance, Mediocrity fixed) {
        OverlapState s = fixed.state();
        int n = s.p() * s.k();
        double[] c = new double[n * n];
        covariance.block(s.qArray(), s.mArray(), s.aArray(), covariance.layout().mOffset(), n, c);
        return c;
    }

    /** The fixed point with M replaced by {@code m}. */
    public static OverlapState withM(Mediocrity fixed, double[] m) {
        OverlapState s = fixed.state();
        return new OverlapState(s.p(), s.k(), s.qArray(), m, s.teacherArray(), s.aArray());
    }

}

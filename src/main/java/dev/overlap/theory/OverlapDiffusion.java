package dev.overlap.theory;

import dev.overlap.engine.Numerics;
import dev.overlap.engine.ode.Drift;
import dev.overlap.engine.ode.Drifts;
import dev.overlap.engine.ode.IncrementCovariance;
import dev.overlap.engine.ode.StateLayout;
import dev.overlap.linalg.Matrices;
import dev.overlap.overlaps.FieldLaw;
import dev.overlap.overlaps.FieldQuadrature;
import dev.overlap.problem.Problem;
import java.util.Optional;

/**
 * The reduced diffusion of the overlaps with the second layer fixed, in its free coordinates y (docs/theory.md §10):
 * with the spherical constraint the off-diagonal q_jl (j &lt; l) and m_jr, else all of Q's upper triangle and M. The
 * SDE moves the unnormalised overlaps X = (Q, M) by the drift b_X and a noise of covariance κ·C, κ = η²/(Bτ),
 * C = Cov[H], and the spherical engines then divide by the norms, y = f(X) with q_jl = Q_jl/√(Q_jj Q_ll) and
 * m_jr = M_jr/√Q_jj. By Itô's formula at Q_jj = 1,
 * <pre>
 *   b_y = J b_X + ½ Σ_uv H_uv κ C_uv,      D_y = κ J C Jᵀ,      J = ∂f/∂X, H = ∂²f/∂X²,
 * </pre>
 * (J the identity and H = 0 without the constraint). b_X is the ODE's unprojected drift plus δ_Q = κ·E[G Gᵀ(|g|² − p
 * − k)], the chain's O(1/d) correction for its exact |x|² (docs/theory.md §4), so that b is the chain's exact mean
 * increment per unit time. b_X and C are the ODE's and the SDE's: {@link Drift} and {@link IncrementCovariance} on the
 * model's field law, one update rule for every engine and for this law.
 */
public final class OverlapDiffusion implements Diffusion {
    private final int p;
    private final int k;
    private final boolean spherical;
    private final Drift drift;
    private final IncrementCovariance covariance;
    private final StateLayout layout;
    private final double kappa;
    private final double[] a;
    /** The quadrature of δ_Q, or null without the quadratic terms. */
    private final FieldQuadrature fields;
    /** Coordinate i is Q_{row,col} when isQ, else M_{row,col}. */
    private final int[] row;
    private final int[] col;
    private final boolean[] isQ;
    private final double[] q;
    private final double[] m;
    private final double[] dq;
    private final double[] dm;
    private final double[] da;
    private final double[] c;
    private final double[] bx;
    private final double[] omega;
    private final double[] omegaInverse;
    private final double[] phi;
    private final double[] excess;
    private final double[] teacherGram;

    private OverlapDiffusion(Problem problem, Numerics numerics, double[] a) {
        this.p = problem.p();
        this.k = problem.k();
        this.spherical = problem.spherical();
        this.drift = new Drift(problem, Drifts.moments(problem, numerics), numerics.odeQuadraticTerms());
        this.covariance = Drifts.covariance(problem, numerics);
        this.layout = covariance.layout();
        this.kappa = covariance.perNaturalTime();
        this.a = a.clone();
        this.fields = numerics.odeQuadraticTerms() ? Drifts.quadrature(problem, numerics, true) : null;
        int n = (spherical ? p * (p - 1) / 2 : p * (p + 1) / 2) + p * k;
        row = new int[n];
        col = new int[n];
        isQ = new boolean[n];
        int i = 0;
        for (int j = 0; j < p; j++) {
            for (int l = spherical ? j + 1 : j; l < p; l++) {
                row[i] = j;
                col[i] = l;
                isQ[i++] = true;
            }
        }
        for (int j = 0; j < p; j++) {
            for (int r = 0; r < k; r++) {
                row[i] = j;
                col[i++] = r;
            }
        }
        q = new double[p * p];
        m = new double[p * k];
        dq = new double[p * p];
        dm = new double[p * k];
        da = new double[p];
        c = new double[layout.dimension() * layout.dimension()];
        bx = new double[layout.dimension()];
        omega = new double[(p + k) * (p + k)];
        omegaInverse = new double[(p + k) * (p + k)];
        phi = new double[p + k];
        excess = new double[p * p];
        teacherGram = problem.teacherGram();
    }

    /** Why the reduction does not apply to the problem (a trained second layer, sign inputs), or empty. */
    public static Optional<String> outOfScope(Problem problem) {
        if (problem.secondLayerRate() != 0) {
            return Optional.of("the reduction in the overlaps needs a fixed second layer");
        }
        if (problem.signTeacherFields()) {
            return Optional.of("the reduction in the overlaps is for Gaussian inputs");
        }
        return Optional.empty();
    }

    /**
     * The diffusion of the problem's free overlaps with the second layer {@code a}.
     *
     * @throws IllegalArgumentException when {@link #outOfScope} says why not
     */
    public static OverlapDiffusion of(Problem problem, Numerics numerics, double[] a) {
        outOfScope(problem).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        return new OverlapDiffusion(problem, numerics, a);
    }

    /** The number of free coordinates: p(p − 1)/2 + pk on the sphere, p(p + 1)/2 + pk without it. */
    @Override
    public int dimension() {
        return row.length;
    }

    /** Coordinate i's name, e.g. "q12" or "m1" (1-based; "m1,2" when k &gt; 1). */
    public String name(int i) {
        String indices = isQ[i] ? (row[i] + 1) + "" + (col[i] + 1)
                : (row[i] + 1) + (k > 1 ? "," + (col[i] + 1) : "");
        return (isQ[i] ? "q" : "m") + indices;
    }

    /** Whether coordinate i is an overlap with the teacher (an m), rather than between students. */
    public boolean teacherOverlap(int i) {
        return !isQ[i];
    }

    public double[] a() {
        return a.clone();
    }

    /** The free coordinates of the overlaps (Q p×p, M p×k, row-major). */
    public double[] coordinates(double[] qq, double[] mm) {
        double[] y = new double[dimension()];
        for (int i = 0; i < y.length; i++) {
            y[i] = isQ[i] ? qq[row[i] * p + col[i]] : mm[row[i] * k + col[i]];
        }
        return y;
    }

    /** The overlaps at coordinates y into qq (p×p, unit diagonal on the sphere) and mm (p×k). */
    public void overlaps(double[] y, double[] qq, double[] mm) {
        if (spherical) {
            java.util.Arrays.fill(qq, 0);
            for (int j = 0; j < p; j++) {
                qq[j * p + j] = 1;
            }
        }
        for (int i = 0; i < y.length; i++) {
            if (isQ[i]) {
                qq[row[i] * p + col[i]] = y[i];
                qq[col[i] * p + row[i]] = y[i];
            } else {
                mm[row[i] * k + col[i]] = y[i];
            }
        }
    }

    @Override
    public void coefficients(double[] y, double[] b, double[] d) {
        overlaps(y, q, m);
        drift.evaluateUnprojected(q, m, a, dq, dm, da);
        addFiniteDimension();
        covariance.compute(q, m, a, c);
        int nx = layout.dimension();
        java.util.Arrays.fill(bx, 0);
        int u = 0;
        for (int j = 0; j < p; j++) {
            for (int l = j; l < p; l++) {
                bx[u++] = dq[j * p + l];
            }
        }
        System.arraycopy(dm, 0, bx, u, p * k);
        int n = dimension();
        // J has at most three entries per row (the coordinate's own X and its rows' Q_jj): kept as index/value triples
        int[][] idx = new int[n][];
        double[][] val = new double[n][];
        for (int i = 0; i < n; i++) {
            int own = isQ[i] ? qIndex(row[i], col[i]) : layout.mOffset() + row[i] * k + col[i];
            if (!spherical) {
                idx[i] = new int[] {own};
                val[i] = new double[] {1};
                b[i] = bx[own];
                continue;
            }
            double yi = y[i];
            int jj = qIndex(row[i], row[i]);
            if (isQ[i]) {
                int ll = qIndex(col[i], col[i]);
                idx[i] = new int[] {own, jj, ll};
                val[i] = new double[] {1, -yi / 2, -yi / 2};
                // ½ Σ H κC: H_jj,jj = H_ll,ll = ¾q, H_jj,ll = ¼q, H_jl,jj = H_jl,ll = −½ (each off-diagonal pair twice)
                double ito = 0.75 * yi * (c[jj * nx + jj] + c[ll * nx + ll]) + 2 * 0.25 * yi * c[jj * nx + ll]
                        - 2 * 0.5 * (c[own * nx + jj] + c[own * nx + ll]);
                b[i] = bx[own] - yi / 2 * (bx[jj] + bx[ll]) + kappa * ito / 2;
            } else {
                idx[i] = new int[] {own, jj};
                val[i] = new double[] {1, -yi / 2};
                // H_jj,jj = ¾m, H_M,jj = −½
                double ito = 0.75 * yi * c[jj * nx + jj] - 2 * 0.5 * c[own * nx + jj];
                b[i] = bx[own] - yi / 2 * bx[jj] + kappa * ito / 2;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int e = i; e < n; e++) {
                double s = 0;
                for (int x = 0; x < idx[i].length; x++) {
                    for (int z = 0; z < idx[e].length; z++) {
                        s += val[i][x] * val[e][z] * c[idx[i][x] * nx + idx[e][z]];
                    }
                }
                d[i * n + e] = kappa * s;
                d[e * n + i] = kappa * s;
            }
        }
    }

    /** Q_jl's index (j ≤ l) in the layout's upper triangle. */
    private int qIndex(int j, int l) {
        return j * p - j * (j - 1) / 2 + (l - j);
    }

    /**
     * dQ += δ_Q = κ·E[G Gᵀ(|g|² − p − k)]: the chain's |x|² = |g|² + χ²_{d−p−k}, g the coordinates of x in the span of
     * the rows, |g|² = φᵀΩ⁻¹φ for the fields φ = (λ, ν), so its squared-gradient term η²G Gᵀ|x|² has mean
     * η²(E[G Gᵀ|g|²] + (d − p − k)E[G Gᵀ]), not the ODE's η² d E[G Gᵀ]. O(1/d): at d = 10³ it slows the p = 1 escape by
     * about 1 % (phase retrieval).
     */
    private void addFiniteDimension() {
        if (fields == null) {
            return;
        }
        int n = p + k;
        FieldLaw.covariance(p, k, q, m, teacherGram, omega);
        System.arraycopy(Matrices.inverse(omega, n), 0, omegaInverse, 0, n * n);
        java.util.Arrays.fill(excess, 0);
        fields.visit(q, m, a, (w, lambda, nu, g, gA) -> {
            System.arraycopy(lambda, 0, phi, 0, p);
            System.arraycopy(nu, 0, phi, p, k);
            double norm = 0;
            for (int u = 0; u < n; u++) {
                double s = 0;
                for (int v = 0; v < n; v++) {
                    s += omegaInverse[u * n + v] * phi[v];
                }
                norm += phi[u] * s;
            }
            double weight = w * (norm - n);
            for (int j = 0; j < p; j++) {
                for (int l = j; l < p; l++) {
                    excess[j * p + l] += weight * g[j] * g[l];
                }
            }
        });
        for (int j = 0; j < p; j++) {
            for (int l = j; l < p; l++) {
                dq[j * p + l] += kappa * excess[j * p + l];
                dq[l * p + j] = dq[j * p + l];
            }
        }
    }
}

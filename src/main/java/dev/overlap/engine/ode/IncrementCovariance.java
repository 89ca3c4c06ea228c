package dev.overlap.engine.ode;

import dev.overlap.overlaps.FieldQuadrature;
import dev.overlap.problem.Problem;
import java.util.Arrays;

/**
 * Cov[H] of the per-sample overlap increment H = ΔX/η in {@link StateLayout} order (Q upper triangle,
 * M, a), with |x|² replaced by its mean d (docs/theory.md §2, "Diffusion"):
 * <pre>
 *   H_Q,jl = −(G_j λ_l + G_l λ_j) + (η d/B) G_j G_l,   H_M,jr = −G_j ν_r,   H_a,j = −(γ_a/η) ∂ℓ/∂a_j.
 * </pre>
 * A step of batch B moves X by η·(mean of B independent H), so its covariance is η² Cov[H]/B and
 * the diffusion per unit natural time is (η²/(B τ)) Cov[H] (= (γ p/d) Cov[H] for scaled fields, B = 1).
 * Where {@link SquareCovariance} applies (square activations and loss) Cov[H] is its exact Gaussian moment at any p;
 * otherwise it is the increment's mean and second moment on the quadrature.
 */
public final class IncrementCovariance {
    private final FieldQuadrature quadrature;
    private final StateLayout layout;
    private final double quadratic;
    private final double secondLayer;
    private final double perNaturalTime;
    private final double[] h;
    /** The exact moments where they apply, else null. */
    private final SquareCovariance exact;
    /** Allocated by the first {@link #block}: size² entries, which the SDE (it only needs {@link #increment}) never asks for. */
    private double[] mean;
    private double[] second;
    /** The block being accumulated (set by {@link #block}, under its lock). */
    private int from;
    private int size;

    public IncrementCovariance(Problem problem, FieldQuadrature quadrature) {
        this(problem, quadrature, true);
    }

    /** @param exactWhereItCan false to take the moments on the quadrature even where they have a closed form (tests) */
    IncrementCovariance(Problem problem, FieldQuadrature quadrature, boolean exactWhereItCan) {
        this.quadrature = quadrature;
        this.layout = new StateLayout(problem.p(), problem.k());
        double eta = problem.fieldRate();
        double tau = problem.learningRate() / ((double) problem.p() * problem.d());
        this.quadratic = eta * problem.d() / problem.batch();
        this.secondLayer = problem.secondLayerRate() / eta;
        this.perNaturalTime = eta * eta / (problem.batch() * tau);
        int n = layout.dimension();
        this.h = new double[n];
        this.exact = exactWhereItCan && problem.squareActivations()
                ? new SquareCovariance(layout, problem.rule().readout(), problem.rule().loss().prefactor(), quadratic,
                        secondLayer, problem.rule().noise(), problem.teacherGram())
                : null;
    }

    public StateLayout layout() {
        return layout;
    }

    /** η²/(B τ): multiplies Cov[H] to give the diffusion per unit natural time. */
    public double perNaturalTime() {
        return perNaturalTime;
    }

    /** Writes Cov[H] (n×n, n = layout dimension, row-major) at the given overlaps into {@code out}. */
    public void compute(double[] q, double[] m, double[] a, double[] out) {
        block(q, m, a, 0, layout.dimension(), out);
    }

    /**
     * Writes the block of Cov[H] on coordinates [from, from + size) of the layout (size×size, row-major) into
     * {@code out}: O(size²) per field sample instead of O(n²), which is what the escape theory needs for the M
     * block at large p (n ≈ p²/2 there: the whole Cov[H] at p = 100 is 28 million entries per sample).
     */
    public synchronized void block(double[] q, double[] m, double[] a, int from, int size, double[] out) {
        if (from < 0 || size < 0 || from + size > layout.dimension()) {
            throw new IllegalArgumentException("block [" + from + ", " + (from + size) + ") outside the layout of "
                    + layout.dimension());
        }
        if (exact != null) {
            exact.block(q, m, a, from, size, out);
            return;
        }
        if (second == null || second.length < size * size) {
            mean = new double[size];
            second = new double[size * size];
        }
        this.from = from;
        this.size = size;
        Arrays.fill(mean, 0, size, 0);
        Arrays.fill(second, 0, size * size, 0);
        quadrature.visit(q, m, a, accumulate);
        for (int u = 0; u < size; u++) {
            for (int v = u; v < size; v++) {
                double cov = second[u * size + v] - mean[u] * mean[v];
                out[u * size + v] = cov;
                out[v * size + u] = cov;
            }
        }
    }

    /** Adds one weighted sample's H and H Hᵀ; a field rather than a capturing lambda, so compute allocates nothing. */
    private final FieldQuadrature.Visitor accumulate = this::add;

    private void add(double w, double[] lambda, double[] nu, double[] g, double[] gA) {
        increment(lambda, nu, g, gA, h);
        for (int u = 0; u < size; u++) {
            double wh = w * h[from + u];
            mean[u] += wh;
            for (int v = u; v < size; v++) {
                second[u * size + v] += wh * h[from + v];
            }
        }
    }

    /** One sample's increment H (the formula above), in layout order, into {@code out}. */
    public void increment(double[] lambda, double[] nu, double[] g, double[] gA, double[] out) {
        int p = layout.p();
        int k = layout.k();
        double[] h = out;
        int c = 0;
        for (int j = 0; j < p; j++) {
            for (int l = j; l < p; l++) {
                h[c++] = -(g[j] * lambda[l] + g[l] * lambda[j]) + quadratic * g[j] * g[l];
            }
        }
        for (int j = 0; j < p; j++) {
            for (int r = 0; r < k; r++) {
                h[c++] = -g[j] * nu[r];
            }
        }
        for (int j = 0; j < p; j++) {
            h[c++] = -secondLayer * gA[j];
        }
    }
}

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
 */
public final class IncrementCovariance {
    private final FieldQuadrature quadrature;
    private final StateLayout layout;
    private final double quadratic;
    private final double secondLayer;
    private final double perNaturalTime;
    private final double[] h;
    /** Allocated by the first {@link #compute}: D² entries, which the SDE (it only needs {@link #increment}) never asks for. */
    private double[] mean;
    private double[] second;

    public IncrementCovariance(Problem problem, FieldQuadrature quadrature) {
        this.quadrature = quadrature;
        this.layout = new StateLayout(problem.p(), problem.k());
        double eta = problem.fieldRate();
        double tau = problem.learningRate() / ((double) problem.p() * problem.d());
        this.quadratic = eta * problem.d() / problem.batch();
        this.secondLayer = problem.secondLayerRate() / eta;
        this.perNaturalTime = eta * eta / (problem.batch() * tau);
        int n = layout.dimension();
        this.h = new double[n];
    }

    public StateLayout layout() {
        return layout;
    }

    /** η²/(B τ): multiplies Cov[H] to give the diffusion per unit natural time. */
    public double perNaturalTime() {
        return perNaturalTime;
    }

    /** Writes Cov[H] (n×n, n = layout dimension, row-major) at the given overlaps into {@code out}. */
    public synchronized void compute(double[] q, double[] m, double[] a, double[] out) {
        int n = layout.dimension();
        if (second == null) {
            mean = new double[n];
            second = new double[n * n];
        }
        Arrays.fill(mean, 0);
        Arrays.fill(second, 0);
        quadrature.visit(q, m, a, accumulate);
        for (int u = 0; u < n; u++) {
            for (int v = u; v < n; v++) {
                double cov = second[u * n + v] - mean[u] * mean[v];
                out[u * n + v] = cov;
                out[v * n + u] = cov;
            }
        }
    }

    /** Adds one weighted sample's H and H Hᵀ; a field rather than a capturing lambda, so compute allocates nothing. */
    private final FieldQuadrature.Visitor accumulate = this::add;

    private void add(double w, double[] lambda, double[] nu, double[] g, double[] gA) {
        int n = layout.dimension();
        increment(lambda, nu, g, gA, h);
        for (int u = 0; u < n; u++) {
            double wh = w * h[u];
            mean[u] += wh;
            for (int v = u; v < n; v++) {
                second[u * n + v] += wh * h[v];
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

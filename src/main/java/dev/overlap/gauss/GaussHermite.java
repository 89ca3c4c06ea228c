package dev.overlap.gauss;

import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.apache.commons.math3.analysis.integration.gauss.SymmetricGaussIntegrator;

/**
 * Gauss–Hermite rule for the standard normal law: E[f(z)] ≈ Σ_i w_i f(z_i), exact when f is a
 * polynomial of degree ≤ 2n − 1. Nodes and weights come from commons-math3's physicists' rule,
 * rescaled (z = √2 x, w/√π).
 */
public final class GaussHermite {
    private final double[] nodes;
    private final double[] weights;

    public GaussHermite(int n) {
        SymmetricGaussIntegrator rule = new GaussIntegratorFactory().hermite(n);
        nodes = new double[n];
        weights = new double[n];
        for (int i = 0; i < n; i++) {
            nodes[i] = Math.sqrt(2) * rule.getPoint(i);
            weights[i] = rule.getWeight(i) / Math.sqrt(Math.PI);
        }
    }

    /** The number of points that makes the rule exact for polynomials of the given degree. */
    public static int pointsForDegree(int degree) {
        return Math.max(1, (degree + 2) / 2);
    }

    public int size() {
        return nodes.length;
    }

    public double node(int i) {
        return nodes[i];
    }

    public double weight(int i) {
        return weights[i];
    }
}

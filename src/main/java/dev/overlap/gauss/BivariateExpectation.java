package dev.overlap.gauss;

import java.util.function.DoubleBinaryOperator;

/**
 * E[f(u, v)] for (u, v) ~ N(0, [[c11, c12], [c12, c22]]) by a tensor Gauss–Hermite rule on the
 * Cholesky factor: u = √c11 z₁, v = (c12/√c11) z₁ + √(c22 − c12²/c11) z₂. Exact for polynomial f of
 * degree ≤ 2n − 1 in each z. Tolerates semi-definite covariances (a zero variance or |ρ| = 1).
 */
public final class BivariateExpectation {
    private final GaussHermite rule;

    public BivariateExpectation(GaussHermite rule) {
        this.rule = rule;
    }

    public double of(DoubleBinaryOperator f, double c11, double c12, double c22) {
        double a = Math.sqrt(Math.max(c11, 0));
        double b = a > 0 ? c12 / a : 0;
        double c = Math.sqrt(Math.max(c22 - b * b, 0));
        int n = rule.size();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double zi = rule.node(i);
            double u = a * zi;
            double vi = b * zi;
            double inner = 0;
            for (int j = 0; j < n; j++) {
                inner += rule.weight(j) * f.applyAsDouble(u, vi + c * rule.node(j));
            }
            sum += rule.weight(i) * inner;
        }
        return sum;
    }
}

package dev.overlap.overlaps;

/**
 * The exact change of the overlaps under one SGD step (docs/theory.md §2, §4), in one place for every
 * engine that moves overlaps rather than weights. With η = γ s² (s the field scale), fields λ_b, ν_b
 * and error signals G_b of the B inputs of a batch, and κ_bc = x_b·x_c (so η²κ = γ² s⁴ x_b·x_c):
 * <pre>
 *   ΔM = −(η/B) Σ_b G_b ν_bᵀ
 *   ΔQ = −(η/B) Σ_b (G_b λ_bᵀ + λ_b G_bᵀ) + (η²/B²) K,   K = Σ_bc κ_bc G_b G_cᵀ
 * </pre>
 * Arrays are row-major and updated in place; nothing is allocated.
 */
public final class OverlapStep {
    private OverlapStep() {
    }

    /** One sample (B = 1): κ = |x|². */
    public static void applySingle(int p, int k, double eta, double kappa, double[] lambda, double[] nu, double[] g,
                                   double[] q, double[] m) {
        for (int j = 0; j < p; j++) {
            double gj = g[j];
            for (int r = 0; r < k; r++) {
                m[j * k + r] -= eta * gj * nu[r];
            }
            for (int l = j; l < p; l++) {
                double dq = -eta * (gj * lambda[l] + g[l] * lambda[j]) + eta * eta * kappa * gj * g[l];
                q[j * p + l] += dq;
                if (l != j) {
                    q[l * p + j] += dq;
                }
            }
        }
    }

    /**
     * A batch of B inputs: {@code lambda}, {@code g} are B×p and {@code nu} B×k (row-major), and
     * {@code quadratic} is the p×p matrix K_jl = Σ_bc (x_b·x_c) G_bj G_cl, so that the last term of
     * ΔQ is (η²/B²) K.
     */
    public static void applyBatch(int p, int k, int batch, double eta, double[] quadratic, double[] lambda, double[] nu,
                                  double[] g, double[] q, double[] m) {
        double lin = eta / batch;
        double quad = eta * eta / ((double) batch * batch);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < p; j++) {
                double gj = g[b * p + j];
                for (int r = 0; r < k; r++) {
                    m[j * k + r] -= lin * gj * nu[b * k + r];
                }
            }
        }
        for (int j = 0; j < p; j++) {
            for (int l = j; l < p; l++) {
                double dq = quad * quadratic[j * p + l];
                for (int b = 0; b < batch; b++) {
                    dq -= lin * (g[b * p + j] * lambda[b * p + l] + g[b * p + l] * lambda[b * p + j]);
                }
                q[j * p + l] += dq;
                if (l != j) {
                    q[l * p + j] += dq;
                }
            }
        }
    }

    /**
     * The spherical projection: rescale every student row to Q_jj = 1, i.e. Q_jl /= √(Q_jj Q_ll) and
     * M_jr /= √Q_jj. Writes the row factors 1/√Q_jj into {@code scale} (for engines that rescale
     * weights too).
     */
    public static void normalise(int p, int k, double[] q, double[] m, double[] scale) {
        for (int j = 0; j < p; j++) {
            scale[j] = 1 / Math.sqrt(q[j * p + j]);
        }
        for (int j = 0; j < p; j++) {
            for (int r = 0; r < k; r++) {
                m[j * k + r] *= scale[j];
            }
            for (int l = 0; l < p; l++) {
                q[j * p + l] *= scale[j] * scale[l];
            }
            q[j * p + j] = 1;
        }
    }
}

package dev.overlap.engine.ode;

import dev.overlap.linalg.SymmetricProduct;

/**
 * The fast path for σ = σ* = square, a committee teacher and the square loss: every moment is an
 * Isserlis moment of Ω = [[Q, M], [Mᵀ, P]]. Write the fields u_α (students then teachers) and
 * ŷ − y₀ = Σ_α w_α u_α² with w = (c a_j, −1/k). With T = Σ_α w_α Ω_αα, U = Σ_αβ w_α w_β Ω_αβ²,
 * V = Ω W Ω and Z = Ω W Ω W Ω (W = diag w):
 * <pre>
 *   E[(ŷ − y₀) u_x u_y]  = T Ω_xy + 2 V_xy
 *   E[(ŷ − y₀)² u_x u_y] = (T² + 2U) Ω_xy + 4 T V_xy + 8 Z_xy,   plus Δ Ω_xy from the label noise,
 * </pre>
 * and G_j = 2 ℓ₀ c a_j (ŷ − y) λ_j, ∂ℓ/∂a_j = ℓ₀ c (ŷ − y) λ_j². Only the student rows of V and Z are read, so
 * with D = diag(c a) and W_t = −I/k they are formed from the blocks:
 * <pre>
 *   V_ss = Q D Q + M W_t Mᵀ,   V_st = Q D M + M W_t P,
 *   Z_ss = V_ss D Q + V_st W_t Mᵀ = Q D Q D Q + M W_t (Q D M)ᵀ + (Q D M) W_t Mᵀ + M W_t P W_t Mᵀ,
 * </pre>
 * two symmetric p×p products ({@link SymmetricProduct}, half the entries each) and O(p²k) besides: cost
 * 2p³ + O(p²k) per state, against the 4(p + k)³ of forming V and Z whole. Tested against {@link PointMoments},
 * which is exact for these polynomials.
 */
public final class SquareMoments implements MomentSource {
    private final int p;
    private final int k;
    private final double readout;
    private final double prefactor;
    private final double noise;
    private final double[] teacher;
    private final double[] scaled;
    private final double[] vss;
    private final double[] vst;
    private final double[] zss;
    private final double[] qdm;
    private final double[] mp;
    private final double[] w;

    public SquareMoments(int p, int k, double readout, double prefactor, double noise, double[] teacherGram) {
        this.p = p;
        this.k = k;
        this.readout = readout;
        this.prefactor = prefactor;
        this.noise = noise;
        this.teacher = teacherGram.clone();
        this.scaled = new double[p * p];
        this.vss = new double[p * p];
        this.vst = new double[p * k];
        this.zss = new double[p * p];
        this.qdm = new double[p * k];
        this.mp = new double[p * k];
        this.w = new double[p];
    }

    @Override
    public synchronized void compute(double[] q, double[] m, double[] a, IncrementMoments out) {
        double wt = -1.0 / k; // the teachers' weight in ŷ − y₀
        for (int j = 0; j < p; j++) {
            w[j] = readout * a[j];
        }
        double t = 0;
        double u = 0;
        for (int j = 0; j < p; j++) {
            t += w[j] * q[j * p + j];
            for (int l = 0; l < p; l++) {
                double o = q[j * p + l];
                u += w[j] * w[l] * o * o;
                scaled[j * p + l] = w[j] * o; // D Q
            }
            for (int r = 0; r < k; r++) {
                double o = m[j * k + r];
                u += 2 * w[j] * wt * o * o;
            }
        }
        for (int r = 0; r < k; r++) {
            t += wt * teacher[r * k + r];
            for (int s = 0; s < k; s++) {
                double o = teacher[r * k + s];
                u += wt * wt * o * o;
            }
        }
        SymmetricProduct.multiply(p, q, scaled, vss);  // V₀ = Q D Q
        SymmetricProduct.multiply(p, vss, scaled, zss); // Z₀ = Q D Q D Q, before V₀ gets its teacher part
        for (int j = 0; j < p; j++) {
            for (int r = 0; r < k; r++) {
                double s = 0;
                for (int l = 0; l < p; l++) {
                    s += q[j * p + l] * w[l] * m[l * k + r];
                }
                qdm[j * k + r] = s; // B = Q D M
            }
        }
        for (int j = 0; j < p; j++) {
            for (int r = 0; r < k; r++) {
                double s = 0;
                for (int x = 0; x < k; x++) {
                    s += m[j * k + x] * teacher[x * k + r];
                }
                mp[j * k + r] = s; // M P
                vst[j * k + r] = qdm[j * k + r] + wt * s;
            }
        }
        for (int j = 0; j < p; j++) {
            for (int l = 0; l < p; l++) {
                vss[j * p + l] += wt * dotM(m, j, m, l);
                zss[j * p + l] += wt * (dotM(m, j, qdm, l) + dotM(qdm, j, m, l)) + wt * wt * dotM(mp, j, m, l);
            }
        }
        double c = readout; // every entry of out is written below: no clearing first
        double first = 2 * prefactor * c;
        double second = 4 * prefactor * prefactor * c * c;
        double level = t * t + 2 * u + noise;
        for (int j = 0; j < p; j++) {
            for (int r = 0; r < k; r++) {
                out.gNu[j * k + r] = first * a[j] * (t * m[j * k + r] + 2 * vst[j * k + r]);
            }
            for (int l = 0; l < p; l++) {
                int jl = j * p + l;
                out.gLambda[jl] = first * a[j] * (t * q[jl] + 2 * vss[jl]);
                out.gG[jl] = second * a[j] * a[l] * (level * q[jl] + 4 * t * vss[jl] + 8 * zss[jl]);
            }
            out.gA[j] = prefactor * c * (t * q[j * p + j] + 2 * vss[j * p + j]);
        }
    }

    /** Σ_r x_jr y_lr over rows of two p×k arrays. */
    private double dotM(double[] x, int j, double[] y, int l) {
        double s = 0;
        for (int r = 0; r < k; r++) {
            s += x[j * k + r] * y[l * k + r];
        }
        return s;
    }
}

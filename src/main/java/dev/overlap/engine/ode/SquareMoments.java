package dev.overlap.engine.ode;

import dev.overlap.overlaps.FieldLaw;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The fast path for σ = σ* = square, a committee teacher and the square loss: every moment is an
 * Isserlis moment of Ω = [[Q, M], [Mᵀ, P]]. Write the fields u_α (students then teachers) and
 * ŷ − y₀ = Σ_α w_α u_α² with w = (c a_j, −1/k). With T = Σ_α w_α Ω_αα, U = Σ_αβ w_α w_β Ω_αβ²,
 * V = Ω W Ω and Z = Ω W Ω W Ω (W = diag w):
 * <pre>
 *   E[(ŷ − y₀) u_x u_y]  = T Ω_xy + 2 V_xy
 *   E[(ŷ − y₀)² u_x u_y] = (T² + 2U) Ω_xy + 4 T V_xy + 8 Z_xy,   plus Δ Ω_xy from the label noise,
 * </pre>
 * and G_j = 2 ℓ₀ c a_j (ŷ − y) λ_j, ∂ℓ/∂a_j = ℓ₀ c (ŷ − y) λ_j². Cost O((p + k)³). Tested against
 * {@link PointMoments}, which is exact for these polynomials.
 */
public final class SquareMoments implements MomentSource {
    private final int p;
    private final int k;
    private final int n;
    private final double readout;
    private final double prefactor;
    private final double noise;
    private final double[] teacher;
    private final double[] omega;
    private final double[] w;
    private final double[] v;
    private final double[] z;
    private final double[] tmp;
    private final double[] product;
    private final DMatrixRMaj tmpMatrix;
    private final DMatrixRMaj omegaMatrix;
    private final DMatrixRMaj productMatrix;

    public SquareMoments(int p, int k, double readout, double prefactor, double noise, double[] teacherGram) {
        this.p = p;
        this.k = k;
        this.n = p + k;
        this.readout = readout;
        this.prefactor = prefactor;
        this.noise = noise;
        this.teacher = teacherGram.clone();
        this.omega = new double[n * n];
        this.w = new double[n];
        this.v = new double[n * n];
        this.z = new double[n * n];
        this.tmp = new double[n * n];
        this.product = new double[n * n];
        this.tmpMatrix = DMatrixRMaj.wrap(n, n, tmp);
        this.omegaMatrix = DMatrixRMaj.wrap(n, n, omega);
        this.productMatrix = DMatrixRMaj.wrap(n, n, product);
    }

    @Override
    public synchronized void compute(double[] q, double[] m, double[] a, IncrementMoments out) {
        FieldLaw.covariance(p, k, q, m, teacher, omega);
        for (int j = 0; j < p; j++) {
            w[j] = readout * a[j];
        }
        for (int r = 0; r < k; r++) {
            w[p + r] = -1.0 / k;
        }
        double t = 0;
        double u = 0;
        for (int x = 0; x < n; x++) {
            t += w[x] * omega[x * n + x];
            for (int y = 0; y < n; y++) {
                double o = omega[x * n + y];
                u += w[x] * w[y] * o * o;
            }
        }
        multiplyWeighted(omega, v);   // V = Ω W Ω
        multiplyWeighted(v, z);       // Z = V W Ω
        out.clear();
        double c = readout;
        for (int j = 0; j < p; j++) {
            for (int r = 0; r < k; r++) {
                out.gNu[j * k + r] = 2 * prefactor * c * a[j] * first(t, j, p + r);
            }
            for (int l = 0; l < p; l++) {
                out.gLambda[j * p + l] = 2 * prefactor * c * a[j] * first(t, j, l);
                double second = (t * t + 2 * u + noise) * omega[j * n + l] + 4 * t * v[j * n + l] + 8 * z[j * n + l];
                out.gG[j * p + l] = 4 * prefactor * prefactor * c * c * a[j] * a[l] * second;
            }
            out.gA[j] = prefactor * c * first(t, j, j);
        }
    }

    private double first(double t, int x, int y) {
        return t * omega[x * n + y] + 2 * v[x * n + y];
    }

    /**
     * out = left · W · Ω: the columns of left scaled by w, then EJML's product (row-reordered for
     * these sizes), on wrappers of the arrays made once (nothing allocated per call); at p = 100 it took the ODE's drift from 92 % of an
     * exit-time integration spent in a naive triple loop to a small fraction.
     */
    private void multiplyWeighted(double[] left, double[] out) {
        for (int x = 0; x < n; x++) {
            for (int b = 0; b < n; b++) {
                tmp[x * n + b] = left[x * n + b] * w[b];
            }
        }
        CommonOps_DDRM.mult(tmpMatrix, omegaMatrix, productMatrix);
        System.arraycopy(product, 0, out, 0, n * n);
    }
}

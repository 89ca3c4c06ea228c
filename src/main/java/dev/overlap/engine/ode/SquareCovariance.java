package dev.overlap.engine.ode;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Cov[H] exactly, at any p, for the problems {@link SquareMoments} covers (square activations, a square committee
 * teacher, the square loss, Gaussian inputs): no point set, so no Sobol fallback when a tensor rule would be too large.
 * <p>
 * With the fields u = (λ, ν, ξ) ~ N(0, Ω) (ξ the label noise, independent, unit variance) the error is a quadratic
 * form ε = ŷ − y = uᵀWu + bᵀu, W = diag(c a, −1/k, 0), b = −√Δ e_ξ, and every coordinate of H
 * ({@link IncrementCovariance#increment}) is (s₁ ε + s₂ ε²) u_x u_y for one pair (x, y):
 * <pre>
 *   H_Q,jl = ε λ_j λ_l (−2ℓ₀c(a_j + a_l) + κ 4ℓ₀²c² a_j a_l),  H_M,jr = −2ℓ₀c a_j ε λ_j ν_r,  H_a,j = −(γ_a/η) ℓ₀c ε λ_j²
 * </pre>
 * (κ = ηd/B). Cov[H] therefore needs E[εⁿ u_x u_y u_z u_w] for n ≤ 4, which Gaussian integration by parts
 * (E[(v·u) Φ] = E[(Ωv)·∇Φ], ∇ε = 2Wu + b) reduces to sums of entries of K_m = 2ᵐ Ω(WΩ)ᵐ and of 2ᵗ Ω(WΩ)ᵗ b: a
 * linear form carried t times through ∇ε is (2WΩ)ᵗ e_x, and two such forms pair to (K_{s+t})_xy. The recursion ends
 * at E[εⁿ], from ε's cumulants κ₁ = tr(WΩ), κ_m = 2^{m−1}(m−1)! tr((WΩ)ᵐ) + m! 2^{m−3} bᵀΩ(WΩ)^{m−2}b.
 * Cost O(N³) per state (N = p + k + 1) and O(1) per entry. Tested against the tensor Gauss–Hermite rule, exact at
 * small p.
 */
final class SquareCovariance {
    private static final int MAX_POWER = 4;

    private final StateLayout layout;
    private final int p;
    private final int k;
    private final int n;
    private final double readout;
    private final double prefactor;
    private final double quadratic;
    private final double secondLayer;
    private final double noiseSd;
    private final double[] teacher;
    /** K_m = 2ᵐ Ω(WΩ)ᵐ, m = 0 … 4, each n×n row-major. */
    private final double[][] kernel = new double[MAX_POWER + 1][];
    /** B_t = 2ᵗ Ω(WΩ)ᵗ b, t = 0 … 4. */
    private final double[][] shift = new double[MAX_POWER + 1][];
    /** E[εⁿ], n = 0 … 4. */
    private final double[] power = new double[MAX_POWER + 1];
    private final double[] w;
    private final DMatrixRMaj omega;
    private final DMatrixRMaj walk;
    private final DMatrixRMaj next;
    private final DMatrixRMaj scaled;
    /** The linear forms of one moment: field index and how many times carried through ∇ε. */
    private final int[] index = new int[4];
    private final int[] carried = new int[4];
    private final double[] meanFirst;
    private final double[] meanSecond;

    SquareCovariance(StateLayout layout, double readout, double prefactor, double quadratic, double secondLayer,
            double noise, double[] teacherGram) {
        this.layout = layout;
        this.p = layout.p();
        this.k = layout.k();
        this.n = p + k + 1;
        this.readout = readout;
        this.prefactor = prefactor;
        this.quadratic = quadratic;
        this.secondLayer = secondLayer;
        this.noiseSd = Math.sqrt(noise);
        this.teacher = teacherGram.clone();
        this.w = new double[n];
        this.omega = new DMatrixRMaj(n, n);
        this.walk = new DMatrixRMaj(n, n);
        this.next = new DMatrixRMaj(n, n);
        this.scaled = new DMatrixRMaj(n, n);
        for (int m = 0; m <= MAX_POWER; m++) {
            kernel[m] = new double[n * n];
            shift[m] = new double[n];
        }
        int size = layout.dimension();
        this.meanFirst = new double[size];
        this.meanSecond = new double[size];
    }

    /** The block of Cov[H] on layout coordinates [from, from + size), size×size row-major, into {@code out}. */
    synchronized void block(double[] q, double[] m, double[] a, int from, int size, double[] out) {
        prepare(q, m, a);
        int[] pair = new int[2];
        double[] s = new double[2];
        int[] pairV = new int[2];
        double[] sV = new double[2];
        for (int u = 0; u < size; u++) {
            coordinate(from + u, a, pair, s);
            double meanU = s[0] * moment(1, pair[0], pair[1]) + s[1] * moment(2, pair[0], pair[1]);
            for (int v = u; v < size; v++) {
                coordinate(from + v, a, pairV, sV);
                double second = 0;
                for (int e = 0; e < 2; e++) {
                    for (int f = 0; f < 2; f++) {
                        double coef = s[e] * sV[f];
                        if (coef != 0) {
                            second += coef * moment(e + f + 2, pair[0], pair[1], pairV[0], pairV[1]);
                        }
                    }
                }
                double meanV = sV[0] * moment(1, pairV[0], pairV[1]) + sV[1] * moment(2, pairV[0], pairV[1]);
                double cov = second - meanU * meanV;
                out[u * size + v] = cov;
                out[v * size + u] = cov;
            }
        }
    }

    /** The field pair (x, y) and the coefficients (s₁, s₂) of ε and ε² of one layout coordinate. */
    private void coordinate(int c, double[] a, int[] pair, double[] s) {
        double lc = prefactor * readout;
        int qSize = p * (p + 1) / 2;
        if (c < qSize) {
            int j = 0;
            int rowEnd = p;
            while (c >= rowEnd) {
                j++;
                rowEnd += p - j;
            }
            int l = p - (rowEnd - c);
            pair[0] = j;
            pair[1] = l;
            s[0] = -2 * lc * (a[j] + a[l]);
            s[1] = quadratic * 4 * lc * lc * a[j] * a[l];
        } else if (c < qSize + p * k) {
            int jr = c - qSize;
            int j = jr / k;
            pair[0] = j;
            pair[1] = p + jr % k;
            s[0] = -2 * lc * a[j];
            s[1] = 0;
        } else {
            int j = c - qSize - p * k;
            pair[0] = j;
            pair[1] = j;
            s[0] = -secondLayer * lc;
            s[1] = 0;
        }
    }

    /** Ω, W, b at the state, then K_m, B_t and E[εⁿ]. */
    private void prepare(double[] q, double[] m, double[] a) {
        omega.zero();
        for (int j = 0; j < p; j++) {
            for (int l = 0; l < p; l++) {
                omega.set(j, l, q[j * p + l]);
            }
            for (int r = 0; r < k; r++) {
                omega.set(j, p + r, m[j * k + r]);
                omega.set(p + r, j, m[j * k + r]);
            }
            w[j] = readout * a[j];
        }
        for (int r = 0; r < k; r++) {
            for (int s = 0; s < k; s++) {
                omega.set(p + r, p + s, teacher[r * k + s]);
            }
            w[p + r] = -1.0 / k;
        }
        omega.set(n - 1, n - 1, 1);
        w[n - 1] = 0;
        // walk = (2WΩ)ᵗ; K_t = Ω walk, B_t = K_t b (b = −√Δ e_ξ: the last column of K_t times −√Δ)
        CommonOps_DDRM.setIdentity(walk);
        double[] traces = new double[MAX_POWER + 1];
        for (int t = 0; t <= MAX_POWER; t++) {
            CommonOps_DDRM.mult(omega, walk, next);
            System.arraycopy(next.data, 0, kernel[t], 0, n * n);
            for (int x = 0; x < n; x++) {
                shift[t][x] = -noiseSd * kernel[t][x * n + n - 1];
            }
            if (t == MAX_POWER) {
                break;
            }
            // walk ← 2WΩ · walk
            for (int x = 0; x < n; x++) {
                for (int y = 0; y < n; y++) {
                    scaled.data[x * n + y] = 2 * w[x] * omega.data[x * n + y];
                }
            }
            CommonOps_DDRM.mult(scaled, walk, next);
            walk.setTo(next);
            // tr((WΩ)^{t+1}) = tr(walk)/2^{t+1}
            traces[t + 1] = CommonOps_DDRM.trace(walk) / Math.pow(2, t + 1);
        }
        double[] cumulant = new double[MAX_POWER + 1];
        cumulant[1] = traces[1];
        double factorial = 1; // (m − 1)!
        for (int c = 2; c <= MAX_POWER; c++) {
            factorial *= c - 1;
            // bᵀΩ(WΩ)^{c−2} b = −√Δ (B_{c−2})_ξ / 2^{c−2}
            double linear = -noiseSd * shift[c - 2][n - 1] / Math.pow(2, c - 2);
            cumulant[c] = Math.pow(2, c - 1) * factorial * traces[c] + factorial * c * Math.pow(2, c - 3) * linear;
        }
        double k1 = cumulant[1];
        double k2 = cumulant[2];
        double k3 = cumulant[3];
        double k4 = cumulant[4];
        power[0] = 1;
        power[1] = k1;
        power[2] = k2 + k1 * k1;
        power[3] = k3 + 3 * k2 * k1 + k1 * k1 * k1;
        power[4] = k4 + 4 * k3 * k1 + 3 * k2 * k2 + 6 * k2 * k1 * k1 + k1 * k1 * k1 * k1;
    }

    private double moment(int power, int x, int y) {
        index[0] = x;
        index[1] = y;
        carried[0] = 0;
        carried[1] = 0;
        return expectation(power, 0b11);
    }

    private double moment(int power, int x, int y, int z, int v) {
        index[0] = x;
        index[1] = y;
        index[2] = z;
        index[3] = v;
        java.util.Arrays.fill(carried, 0);
        return expectation(power, 0b1111);
    }

    /**
     * E[εⁿ ∏_{i ∈ forms} ((2WΩ)^{carried_i} e_{index_i})·u] by integration by parts on the first form:
     * n (E[εⁿ⁻¹ (its form carried once more) · rest] + (B_t)_x E[εⁿ⁻¹ rest]) + Σ_i (K_{t+t_i})_{x,x_i} E[εⁿ rest∖i].
     */
    private double expectation(int power, int forms) {
        if (forms == 0) {
            return this.power[power];
        }
        int first = Integer.numberOfTrailingZeros(forms);
        int rest = forms & ~(1 << first);
        int x = index[first];
        int t = carried[first];
        double sum = 0;
        if (power > 0) {
            carried[first] = t + 1;
            sum += power * expectation(power - 1, forms);
            carried[first] = t;
            double b = shift[t][x];
            if (b != 0) {
                sum += power * b * expectation(power - 1, rest);
            }
        }
        for (int others = rest; others != 0; others &= others - 1) {
            int i = Integer.numberOfTrailingZeros(others);
            double pairing = kernel[t + carried[i]][x * n + index[i]];
            if (pairing != 0) {
                sum += pairing * expectation(power, rest & ~(1 << i));
            }
        }
        return sum;
    }
}

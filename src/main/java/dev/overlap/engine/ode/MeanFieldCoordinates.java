package dev.overlap.engine.ode;

import dev.overlap.linalg.Matrices;

/**
 * The mean-field reduction: each neuron carries only its teacher overlaps M_j, the squared norm
 * s_j = |w_j⊥|² of its part orthogonal to the teacher span, and a_j; the orthogonal parts of
 * different neurons are taken to stay orthogonal, so Q_jl = M_j T⁻¹ M_lᵀ + δ_jl s_j (T the teacher
 * Gram matrix). 2 + k numbers per neuron instead of p + k + 1, and the drift needs only the diagonal
 * of E[G λᵀ] and E[G Gᵀ].
 * <p>
 * Exact when the drift of the off-diagonal orthogonal overlaps vanishes: while the loss derivative
 * does not depend on the other neurons (|f| ≪ 1, phase 1 of [XOR]) E[G_j z_l] = 0 for j ≠ l, and
 * the noise term η² d/B E[G_j G_l] is O(1/polylog d) in the [XOR] regime. Once the output f couples
 * the neurons through ℓ'(y f), off-diagonal orthogonal overlaps grow and the reduction is an
 * approximation, accurate as p → ∞ when each neuron's effect on f is O(1/p) (the mean-field readout).
 */
public final class MeanFieldCoordinates implements OdeCoordinates {
    private final int p;
    private final int k;
    private final double[] teacherInverse;

    /** @param teacherGram T (k×k, row-major), positive definite */
    public MeanFieldCoordinates(int p, int k, double[] teacherGram) {
        this.p = p;
        this.k = k;
        this.teacherInverse = Matrices.inverse(teacherGram, k);
    }

    @Override
    public int dimension() {
        return p * k + 2 * p;
    }

    /** M_j T⁻¹ N_lᵀ for rows j of M and l of N. */
    private double signal(double[] m, int j, double[] n, int l) {
        double s = 0;
        for (int r = 0; r < k; r++) {
            for (int u = 0; u < k; u++) {
                s += m[j * k + r] * teacherInverse[r * k + u] * n[l * k + u];
            }
        }
        return s;
    }

    @Override
    public void pack(double[] q, double[] m, double[] a, double[] x) {
        System.arraycopy(m, 0, x, 0, p * k);
        for (int j = 0; j < p; j++) {
            x[p * k + j] = q[j * p + j] - signal(m, j, m, j);
        }
        System.arraycopy(a, 0, x, p * k + p, p);
    }

    @Override
    public void unpack(double[] x, double[] q, double[] m, double[] a) {
        System.arraycopy(x, 0, m, 0, p * k);
        for (int j = 0; j < p; j++) {
            for (int l = j; l < p; l++) {
                double v = signal(m, j, m, l) + (j == l ? x[p * k + j] : 0);
                q[j * p + l] = v;
                q[l * p + j] = v;
            }
        }
        System.arraycopy(x, p * k + p, a, 0, p);
    }

    /** ds_j/dt = dQ_jj/dt − 2 M_j T⁻¹ dM_jᵀ/dt. */
    @Override
    public void tangent(double[] q, double[] m, double[] dq, double[] dm, double[] da, double[] dx) {
        System.arraycopy(dm, 0, dx, 0, p * k);
        for (int j = 0; j < p; j++) {
            dx[p * k + j] = dq[j * p + j] - 2 * signal(m, j, dm, j);
        }
        System.arraycopy(da, 0, dx, p * k + p, p);
    }

    @Override
    public boolean needsOffDiagonal() {
        return false;
    }

    @Override
    public boolean independentOrthogonalFields() {
        return true;
    }
}

package dev.overlap.overlaps;

import dev.overlap.linalg.Matrices;
import dev.overlap.linalg.SymmetricEigen;

/**
 * The law of the fields given the overlaps, as a map from independent standard variables:
 * ν = P^{1/2} g_ν (or given ±1 bits), λ = A ν + S^{1/2} z with A = M P⁻¹ and S = Q − M P⁻¹ Mᵀ.
 * Square roots are symmetric and tolerate semi-definite matrices (a student inside the teacher span).
 * For Gaussian inputs this is the exact law of (λ, ν); with Rademacher ν it is the Gaussian-equivalent
 * law of docs/theory.md (the chain). {@link #update} refactors for new overlaps; P is fixed.
 */
public final class FieldLaw {
    private final int p;
    private final int k;
    private final double[] teacherRoot;
    private final double[] teacherInverse;
    private final double[] regression;
    private final double[] schur;
    private final double[] studentRoot;
    private final SymmetricEigen eigen;
    private final double[] diagonalRoot;
    /** S counts as diagonal when no off-diagonal entry exceeds this fraction of Q's largest diagonal one (round-off). */
    public static final double DIAGONAL_TOLERANCE = 1e-13;
    /** Whether the last {@link #update} found S diagonal (then {@link #diagonalRoot} is its root). */
    private boolean diagonal;

    public FieldLaw(int p, int k, double[] teacherGram) {
        this.p = p;
        this.k = k;
        this.teacherRoot = Matrices.symmetricRoot(teacherGram, k);
        this.teacherInverse = Matrices.inverse(teacherGram, k);
        this.regression = new double[p * k];
        this.schur = new double[p * p];
        this.studentRoot = new double[p * p];
        this.eigen = new SymmetricEigen(p);
        this.diagonalRoot = new double[p];
    }

    /**
     * Refactors for overlaps Q (p×p) and M (p×k), row-major, without allocation. When S is diagonal to
     * round-off — the mean-field coordinates keep the orthogonal parts orthogonal, S = diag(|w_j⊥|²) — its
     * root is the diagonal of square roots: O(p) per point instead of O(p²), and no O(p³) eigendecomposition.
     */
    public void update(double[] q, double[] m) {
        conditional(p, k, q, m, teacherInverse, regression, schur);
        diagonal = offDiagonalRatio(p, schur, q) <= DIAGONAL_TOLERANCE;
        if (diagonal) {
            for (int j = 0; j < p; j++) {
                diagonalRoot[j] = Math.sqrt(Math.max(0, schur[j * p + j]));
            }
        } else {
            eigen.root(schur, studentRoot);
        }
    }

    /**
     * max |S_jl| over j ≠ l divided by max Q_jj (0 for Q = 0): how far S = Q − M P⁻¹ Mᵀ is from diagonal, on the
     * scale of its round-off — computed from Q, an entry of S carries an error of order 10⁻¹⁶ Q, which exceeds a
     * small S_jj (a unit nearly inside the teacher plane) long before it means anything.
     */
    public static double offDiagonalRatio(int p, double[] schur, double[] q) {
        double largest = 0;
        double offDiagonal = 0;
        for (int j = 0; j < p; j++) {
            largest = Math.max(largest, Math.abs(q[j * p + j]));
            for (int l = 0; l < p; l++) {
                if (l != j) {
                    offDiagonal = Math.max(offDiagonal, Math.abs(schur[j * p + l]));
                }
            }
        }
        return offDiagonal == 0 ? 0 : offDiagonal / largest;
    }

    /**
     * Ω = [[Q, M], [Mᵀ, P]], the covariance of the fields (λ, ν), into {@code omega} ((p + k)², row-major), without
     * allocation.
     */
    public static void covariance(int p, int k, double[] q, double[] m, double[] teacherGram, double[] omega) {
        int n = p + k;
        for (int j = 0; j < p; j++) {
            for (int l = 0; l < p; l++) {
                omega[j * n + l] = q[j * p + l];
            }
            for (int r = 0; r < k; r++) {
                omega[j * n + p + r] = m[j * k + r];
                omega[(p + r) * n + j] = m[j * k + r];
            }
        }
        for (int r = 0; r < k; r++) {
            for (int s = 0; s < k; s++) {
                omega[(p + r) * n + p + s] = teacherGram[r * k + s];
            }
        }
    }

    /**
     * The law of λ given ν, without allocation: A = M P⁻¹ into {@code regression} (p×k) and
     * S = Q − A Mᵀ into {@code schur} (p×p), all row-major.
     */
    public static void conditional(int p, int k, double[] q, double[] m, double[] teacherInverse, double[] regression,
                                   double[] schur) {
        for (int j = 0; j < p; j++) {
            for (int r = 0; r < k; r++) {
                double v = 0;
                for (int t = 0; t < k; t++) {
                    v += m[j * k + t] * teacherInverse[t * k + r];
                }
                regression[j * k + r] = v;
            }
        }
        for (int j = 0; j < p; j++) {
            for (int l = 0; l < p; l++) {
                double v = q[j * p + l];
                for (int r = 0; r < k; r++) {
                    v -= regression[j * k + r] * m[l * k + r];
                }
                schur[j * p + l] = v;
            }
        }
    }

    /** ν = P^{1/2} g[offset .. offset + k). */
    public void teacherFields(double[] g, int offset, double[] nu) {
        for (int r = 0; r < k; r++) {
            double v = 0;
            for (int t = 0; t < k; t++) {
                v += teacherRoot[r * k + t] * g[offset + t];
            }
            nu[r] = v;
        }
    }

    /** λ = A ν + S^{1/2} z with z = g[offset .. offset + p). */
    public void studentFields(double[] nu, double[] g, int offset, double[] lambda) {
        orthogonalFields(g, offset, lambda);
        addTeacherPart(nu, lambda, lambda);
    }

    /** The part of λ orthogonal to the teacher, S^{1/2} z with z = g[offset .. offset + p). */
    public void orthogonalFields(double[] g, int offset, double[] orthogonal) {
        if (diagonal) {
            for (int j = 0; j < p; j++) {
                orthogonal[j] = diagonalRoot[j] * g[offset + j];
            }
            return;
        }
        for (int j = 0; j < p; j++) {
            double v = 0;
            for (int l = 0; l < p; l++) {
                v += studentRoot[j * p + l] * g[offset + l];
            }
            orthogonal[j] = v;
        }
    }

    /** λ = A ν + orthogonal ({@code lambda} may be {@code orthogonal}). */
    /**
     * The teacher part's terms for fixed ν, terms[r·p + j] = A_jr ν_r: where ν runs over a few values (the sign
     * patterns) they are formed once per law rather than once per point.
     */
    public void teacherTerms(double[] nu, double[] terms) {
        for (int r = 0; r < k; r++) {
            for (int j = 0; j < p; j++) {
                terms[r * p + j] = regression[j * k + r] * nu[r];
            }
        }
    }

    /** λ = orthogonal + Σ_r terms[r·p + ·], the same sums, in the same order, as {@link #addTeacherPart}. */
    public void addTeacherTerms(double[] terms, double[] orthogonal, double[] lambda) {
        System.arraycopy(orthogonal, 0, lambda, 0, p);
        for (int r = 0; r < k; r++) {
            for (int j = 0; j < p; j++) {
                lambda[j] += terms[r * p + j];
            }
        }
    }

    public void addTeacherPart(double[] nu, double[] orthogonal, double[] lambda) {
        for (int j = 0; j < p; j++) {
            double v = orthogonal[j];
            for (int r = 0; r < k; r++) {
                v += regression[j * k + r] * nu[r];
            }
            lambda[j] = v;
        }
    }
}

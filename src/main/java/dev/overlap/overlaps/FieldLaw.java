package dev.overlap.overlaps;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The law of the fields given the overlaps, as a map from independent standard variables:
 * ν = P^{1/2} g_ν (or given ±1 bits), λ = A ν + S^{1/2} z with A = M P⁻¹ and S = Q − M P⁻¹ Mᵀ.
 * Square roots are symmetric and tolerate semi-definite matrices (a student inside the teacher span).
 * For Gaussian inputs this is the exact law of (λ, ν); with Rademacher ν it is the Gaussian-equivalent
 * law of SCIENCE.md §4. {@link #update} refactors for new overlaps; P is fixed.
 */
public final class FieldLaw {
    private final int p;
    private final int k;
    private final double[] teacherRoot;
    private final double[] teacherInverse;
    private final double[] regression;
    private double[] studentRoot;

    public FieldLaw(int p, int k, double[] teacherGram) {
        this.p = p;
        this.k = k;
        RealMatrix gram = matrix(teacherGram, k);
        this.teacherRoot = flatten(symmetricRoot(gram));
        this.teacherInverse = inverse(teacherGram, k);
        this.regression = new double[p * k];
        this.studentRoot = new double[p * p];
    }

    /** Refactors for overlaps Q (p×p) and M (p×k), row-major. */
    public void update(double[] q, double[] m) {
        double[] s = new double[p * p];
        conditional(p, k, q, m, teacherInverse, regression, s);
        studentRoot = flatten(symmetricRoot(matrix(s, p)));
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
        for (int j = 0; j < p; j++) {
            double v = 0;
            for (int l = 0; l < p; l++) {
                v += studentRoot[j * p + l] * g[offset + l];
            }
            orthogonal[j] = v;
        }
    }

    /** λ = A ν + orthogonal ({@code lambda} may be {@code orthogonal}). */
    public void addTeacherPart(double[] nu, double[] orthogonal, double[] lambda) {
        for (int j = 0; j < p; j++) {
            double v = orthogonal[j];
            for (int r = 0; r < k; r++) {
                v += regression[j * k + r] * nu[r];
            }
            lambda[j] = v;
        }
    }

    /** V diag(√max(μ, 0)) Vᵀ of the symmetric part of {@code sym}: a square root that tolerates semi-definiteness. */
    public static RealMatrix symmetricRoot(RealMatrix sym) {
        RealMatrix s = sym.add(sym.transpose()).scalarMultiply(0.5);
        EigenDecomposition e = new EigenDecomposition(s);
        double[] mu = e.getRealEigenvalues();
        RealMatrix v = e.getV();
        double[] root = new double[mu.length];
        for (int i = 0; i < mu.length; i++) {
            root[i] = Math.sqrt(Math.max(mu[i], 0));
        }
        return v.multiply(MatrixUtils.createRealDiagonalMatrix(root)).multiply(v.transpose());
    }

    private static RealMatrix matrix(double[] flat, int n) {
        RealMatrix x = MatrixUtils.createRealMatrix(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                x.setEntry(i, j, flat[i * n + j]);
            }
        }
        return x;
    }

    /** The inverse of an n×n row-major matrix, row-major. */
    public static double[] inverse(double[] flat, int n) {
        return flatten(MatrixUtils.inverse(matrix(flat, n)));
    }

    /** Row-major copy of a matrix. */
    public static double[] flatten(RealMatrix x) {
        int r = x.getRowDimension();
        int c = x.getColumnDimension();
        double[] out = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[i * c + j] = x.getEntry(i, j);
            }
        }
        return out;
    }
}

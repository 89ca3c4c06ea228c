package dev.overlap.engine;

import dev.overlap.problem.Vectors;
import dev.overlap.overlaps.FieldLaw;
import dev.overlap.problem.Problem;
import dev.overlap.spec.InitialSpec;
import dev.overlap.spec.Matrix;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Builds the d-dimensional network a model file asks for, deterministically from initial.seed, so
 * every engine that starts from it starts from the same point.
 * <ul>
 * <li>Teacher rows: for Gaussian inputs, random orthonormal directions times √d (so P = I exactly;
 *   the law of Gaussian SGD is rotation invariant); for Rademacher inputs √d·e_i at teacher.indices.</li>
 * <li>random: i.i.d. Gaussian student rows normalised to Q_jj = 1 (norm √d when scaled).</li>
 * <li>overlaps: w_j = (1/s)[Σ_r M_jr e_r + Σ_i L_ji f_i], e_r = w*_r/√d, f_i orthonormal and
 *   orthogonal to the teacher, L Lᵀ = Q − M Mᵀ: exactly the requested M and Q.</li>
 * <li>balanced: rows uniform on the sphere of radius θ = initial.scale or θ/√p (initial.radius, in weight
 *   norm), a_j = ± that radius.</li>
 * </ul>
 */
public final class InitialConditions {
    private InitialConditions() {
    }

    public static Weights build(InitialSpec spec, Problem problem) {
        return build(spec, problem, Seeds.initial(spec.seed()));
    }

    public static Weights build(InitialSpec spec, Problem problem, RandomGenerator rng) {
        int d = problem.d();
        int p = problem.p();
        int k = problem.k();
        double s = problem.fieldScale();
        double[][] teacher = new double[k][];
        double[][] basis = new double[k + p][];
        int[] coords = problem.rademacherTeacher();
        for (int r = 0; r < k; r++) {
            basis[r] = coords.length > 0 ? unit(d, coords[r]) : gaussian(rng, d);
            orthonormalise(basis, r);
            teacher[r] = scaled(basis[r], Math.sqrt(d));
        }
        double[] a = new double[p];
        Arrays.fill(a, 1.0);
        spec.a().ifPresent(v -> {
            for (int j = 0; j < p; j++) {
                a[j] = v.get(j);
            }
        });
        double[][] student = new double[p][];
        switch (spec.kind()) {
            case RANDOM -> {
                for (int j = 0; j < p; j++) {
                    double[] w = gaussian(rng, d);
                    student[j] = scaled(w, 1 / (s * Math.sqrt(Vectors.dot(w, w))));
                }
            }
            case BALANCED -> {
                for (int j = 0; j < p; j++) {
                    double[] w = gaussian(rng, d);
                    double radius = spec.radius(p);
                    student[j] = scaled(w, radius / Math.sqrt(Vectors.dot(w, w)));
                    a[j] = rng.nextBoolean() ? radius : -radius;
                }
            }
            case OVERLAPS -> {
                for (int i = 0; i < p; i++) {
                    basis[k + i] = gaussian(rng, d);
                    orthonormalise(basis, k + i);
                }
                double[][] mm = spec.m().map(Matrix::toArray).orElseThrow();
                double[][] root = schurRoot(mm, spec.q().map(Matrix::toArray).orElseThrow());
                for (int j = 0; j < p; j++) {
                    double[] w = new double[d];
                    for (int r = 0; r < k; r++) {
                        Vectors.axpy(mm[j][r] / s, basis[r], w);
                    }
                    for (int i = 0; i < p; i++) {
                        Vectors.axpy(root[j][i] / s, basis[k + i], w);
                    }
                    student[j] = w;
                }
            }
            default -> throw new IllegalStateException(spec.kind().toString());
        }
        return new Weights(student, teacher, a, s);
    }

    /** A factor L with L Lᵀ = Q − M Mᵀ (symmetric root; tolerates semi-definiteness). */
    private static double[][] schurRoot(double[][] m, double[][] q) {
        RealMatrix mm = MatrixUtils.createRealMatrix(m);
        return FieldLaw.symmetricRoot(MatrixUtils.createRealMatrix(q).subtract(mm.multiply(mm.transpose()))).getData();
    }

    /** Gram–Schmidt of basis[i] against basis[0..i−1], twice for round-off, then unit norm. */
    private static void orthonormalise(double[][] basis, int i) {
        double[] v = basis[i];
        for (int pass = 0; pass < 2; pass++) {
            for (int j = 0; j < i; j++) {
                Vectors.axpy(-Vectors.dot(v, basis[j]), basis[j], v);
            }
        }
        Vectors.scale(1 / Math.sqrt(Vectors.dot(v, v)), v);
    }

    private static double[] gaussian(RandomGenerator rng, int d) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    private static double[] unit(int d, int i) {
        double[] v = new double[d];
        v[i] = 1;
        return v;
    }

    private static double[] scaled(double[] v, double c) {
        double[] out = v.clone();
        Vectors.scale(c, out);
        return out;
    }
}

package dev.overlap.engine;

import dev.overlap.linalg.Matrices;
import dev.overlap.linalg.Vectors;
import dev.overlap.overlaps.OverlapState;
import dev.overlap.problem.ChiSquare;
import dev.overlap.problem.Problem;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Starts, drawn deterministically from a generator: first the overlaps, then — only if an engine
 * trains it — a d-dimensional network with exactly those overlaps (docs/theory.md, "Initial conditions").
 * <ul>
 * <li>random, balanced: student rows w_j = ρ g_j/|g_j| with g_j ~ N(0, I_d), ρ = 1/s (Q_jj = 1) or the
 *   balanced radius θ. With teacher directions e_r orthonormal, u_jr = g_j·e_r are i.i.d. N(0, 1) and the
 *   Gram of the parts of g_j orthogonal to them is Wishart_p(d − k, I), drawn by Bartlett's decomposition;
 *   so Q = s²ρ² (u uᵀ + H)_jl/(|g_j||g_l|) and M = sρ u_jr/|g_j| are drawn exactly, in O(p³ + pk)
 *   whatever d. Balanced second layers are a_j = ±θ (times the ratio |a_j|/|w_j| when it is not 1).</li>
 * <li>overlaps: the given M and Q.</li>
 * <li>The network: teacher rows √d·e_r (random orthonormal e_r for Gaussian inputs, coordinate vectors on
 *   the hypercube), and w_j = (1/s)[Σ_r M_jr e_r + Σ_i L_ji f_i] with f_i a uniformly random orthonormal
 *   frame orthogonal to the teacher and L Lᵀ = Q − M Mᵀ. Given its overlaps, a rotation-invariant
 *   network is uniformly oriented, so this is exactly the law of the directly drawn network.</li>
 * </ul>
 */
public final class InitialConditions {
    private InitialConditions() {
    }

    /** The start of {@code initial} for {@code problem}, with its network when {@code withNetwork}. */
    public static Start start(InitialCondition initial, Problem problem, RandomGenerator rng, boolean withNetwork) {
        OverlapState overlaps = overlaps(initial, problem, rng);
        return withNetwork ? Start.of(overlaps, network(overlaps, problem, rng)) : Start.of(overlaps);
    }

    /** The initial overlaps, drawn from their exact law for random and balanced starts. */
    public static OverlapState overlaps(InitialCondition initial, Problem problem, RandomGenerator rng) {
        int p = problem.p();
        int k = problem.k();
        double s = problem.fieldScale();
        double[] a = new double[p];
        Arrays.fill(a, 1.0);
        if (initial instanceof InitialCondition.Overlaps o) {
            return new OverlapState(p, k, o.q(), o.m(), problem.teacherGram(), o.a() != null ? o.a() : a);
        }
        if (initial instanceof InitialCondition.Random r) {
            return drawn(problem, rng, 1 / s, r.a() != null ? r.a() : a);
        }
        InitialCondition.Balanced b = (InitialCondition.Balanced) initial;
        double radius = b.radius();
        OverlapState rows = drawn(problem, rng, radius, a);
        double size = radius * b.ratio();
        for (int j = 0; j < p; j++) {
            a[j] = rng.nextBoolean() ? size : -size;
        }
        return new OverlapState(p, k, rows.qArray(), rows.mArray(), problem.teacherGram(), a);
    }

    /** Overlaps of p rows ρ g_j/|g_j|, g_j ~ N(0, I_d), with k orthonormal teacher directions. */
    private static OverlapState drawn(Problem problem, RandomGenerator rng, double rho, double[] a) {
        int p = problem.p();
        int k = problem.k();
        int d = problem.d();
        double s = problem.fieldScale();
        double[] u = new double[p * k];
        for (int i = 0; i < u.length; i++) {
            u[i] = rng.nextGaussian();
        }
        double[] t = new double[p * p]; // Bartlett: H = T Tᵀ ~ Wishart_p(d − k, I), d − k ≥ p
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < i; j++) {
                t[i * p + j] = rng.nextGaussian();
            }
            t[i * p + i] = Math.sqrt(ChiSquare.sample(rng, d - k - i));
        }
        double[] gram = new double[p * p];
        for (int j = 0; j < p; j++) {
            for (int l = 0; l <= j; l++) {
                double v = Vectors.dot(u, j * k, u, l * k, k) + Vectors.dot(t, j * p, t, l * p, l + 1);
                gram[j * p + l] = v;
                gram[l * p + j] = v;
            }
        }
        double[] norm = new double[p];
        for (int j = 0; j < p; j++) {
            norm[j] = Math.sqrt(gram[j * p + j]);
        }
        double[] q = new double[p * p];
        double[] m = new double[p * k];
        double c = s * rho;
        for (int j = 0; j < p; j++) {
            for (int l = 0; l < p; l++) {
                q[j * p + l] = j == l ? c * c : c * c * gram[j * p + l] / (norm[j] * norm[l]);
            }
            for (int r = 0; r < k; r++) {
                m[j * k + r] = c * u[j * k + r] / norm[j];
            }
        }
        return new OverlapState(p, k, q, m, problem.teacherGram(), a);
    }

    /** A d-dimensional network whose overlaps are exactly {@code overlaps} (to round-off), oriented at random. */
    public static Weights network(OverlapState overlaps, Problem problem, RandomGenerator rng) {
        int d = problem.d();
        int p = problem.p();
        int k = problem.k();
        double s = problem.fieldScale();
        double[][] teacher = new double[k][];
        double[][] basis = new double[k + p][];
        int[] coords = problem.teacherCoordinates();
        for (int r = 0; r < k; r++) {
            basis[r] = coords.length > 0 ? unit(d, coords[r]) : gaussian(rng, d);
            orthonormalise(basis, r);
            teacher[r] = scaled(basis[r], Math.sqrt(d));
        }
        for (int i = 0; i < p; i++) {
            basis[k + i] = gaussian(rng, d);
            orthonormalise(basis, k + i);
        }
        double[] m = overlaps.mArray();
        double[] root = schurRoot(overlaps.qArray(), m, p, k);
        double[][] student = new double[p][];
        for (int j = 0; j < p; j++) {
            double[] w = new double[d];
            for (int r = 0; r < k; r++) {
                Vectors.axpy(m[j * k + r] / s, basis[r], w);
            }
            for (int i = 0; i < p; i++) {
                Vectors.axpy(root[j * p + i] / s, basis[k + i], w);
            }
            student[j] = w;
        }
        return new Weights(student, teacher, overlaps.aArray(), s);
    }

    /** A factor L with L Lᵀ = Q − M Mᵀ (symmetric root; tolerates semi-definiteness). */
    private static double[] schurRoot(double[] q, double[] m, int p, int k) {
        double[] schur = q.clone();
        for (int j = 0; j < p; j++) {
            for (int l = 0; l < p; l++) {
                schur[j * p + l] -= Vectors.dot(m, j * k, m, l * k, k);
            }
        }
        return Matrices.symmetricRoot(schur, p);
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

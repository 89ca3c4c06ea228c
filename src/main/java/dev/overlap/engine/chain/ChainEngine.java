package dev.overlap.engine.chain;

import dev.overlap.engine.DivergenceException;
import dev.overlap.engine.Engine;
import dev.overlap.engine.EngineKind;
import dev.overlap.engine.Start;
import dev.overlap.engine.Observer;
import dev.overlap.engine.TimeAxis;
import dev.overlap.overlaps.FieldLaw;
import dev.overlap.overlaps.OverlapBuffer;
import dev.overlap.problem.ChiSquare;
import dev.overlap.problem.InputLaw;
import dev.overlap.overlaps.OverlapStep;
import dev.overlap.linalg.CholeskyUpdate;
import dev.overlap.linalg.Matrices;
import dev.overlap.linalg.SemidefiniteCholesky;
import dev.overlap.linalg.Vectors;
import dev.overlap.problem.Problem;
import dev.overlap.problem.UpdateRule;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The exact finite-d Markov chain of the overlaps (docs/theory.md §4). Gaussian inputs are rotation
 * invariant and each step adds multiples of x to the rows of W, so the Gram matrix of (W, W*) is a
 * Markov chain for any d. Per input: g ~ N(0, I_{p+k}), ν = L_P g_ν, λ = A ν + L_S z with A = M P⁻¹
 * and L_S L_Sᵀ = S = Q − M P⁻¹ Mᵀ; the part of x outside the rows' span is independent with squared
 * norm χ²_{d−p−k}. For a batch the update needs only K = Σ_bc (x_b·x_c) G_b G_cᵀ: with v_j = Σ_b G_bj g_b
 * and the orthogonal parts u_j = Σ_b G_bj x_b^⊥ — given the G's Gaussian with covariance
 * C = Σ_b G_b G_bᵀ in each of the d − p − k orthogonal directions — K = V Vᵀ + Uᵀ U with
 * Uᵀ U ~ Wishart_p(d − p − k, C), drawn by Bartlett's decomposition scaled by a factor of C: exact,
 * and p×p instead of a B×B Wishart. Then {@link OverlapStep} applies the exact update and the
 * spherical renormalisation, as the sgd engine does. Cost per step O(B p (p + k) + p³), independent
 * of d, without allocation.
 *
 * <p>A student inside the teacher span makes S semi-definite; the factorisation then zeroes the
 * degenerate columns, and since their z still enter |g|², |x|² keeps the law |g_used|² + χ²_{d−r}.
 * With Rademacher inputs the chain is the Gaussian-equivalent one: ν = ±1 exactly, λ given ν
 * Gaussian, |x|² = d for B = 1; for B &gt; 1 the Gram of the inputs is taken as in the Gaussian case,
 * so |x_b|² fluctuates at relative order 1/√d instead of being exactly d. It is an approximation.
 */
public final class ChainEngine implements Engine {
    private final Problem problem;
    private final TimeAxis time;
    private final long maxSteps;
    private final double[] teacherFactor;
    private final double[] teacherInverse;
    private final boolean rademacher;
    /** Steps between refactorisations of the conditional covariance (1: refactor every step). */
    private final int refactorEvery;

    /** Whether steps keep the η²|x|² term of ΔQ (false: the gradient-flow ablation of run.ode-quadratic). */
    private final boolean keepQuadratic;

    public ChainEngine(Problem problem, TimeAxis time, double tMax) {
        this(problem, time, tMax, true);
    }

    /** @param quadratic keep the η²|x|² term of ΔQ; false drops it, as {@code run.ode-quadratic: false} does in the ODE */
    public ChainEngine(Problem problem, TimeAxis time, double tMax, boolean quadratic) {
        this(problem, time, tMax, cadence(problem.p()), quadratic);
    }

    /**
     * Below p = 8 refactoring (O(p³)) costs no more than the two rank-one rotations, so the factor is
     * recomputed every step; from p = 8 on it is updated in O(p²) and refactored every 4p steps, which
     * keeps the O(p³) refactorisation at O(p²/12) per step and the rounding of the updates from
     * accumulating (ChainUpdateTest: the trajectory equals the every-step refactorisation's to 1e-9; measured
     * 6e-17 at this cadence, and 2e-16 with no refactorisation in 4000 steps). `overlap bench` at p = 100,
     * d = 10⁴: 20.0 µs per step refactoring every p steps, 18.7 every 4p.
     */
    static int cadence(int p) {
        return p < 8 ? 1 : 4 * p;
    }

    /** With an explicit refactorisation cadence (tests). */
    ChainEngine(Problem problem, TimeAxis time, double tMax, int refactorEvery) {
        this(problem, time, tMax, refactorEvery, true);
    }

    private ChainEngine(Problem problem, TimeAxis time, double tMax, int refactorEvery, boolean quadratic) {
        this.refactorEvery = refactorEvery;
        this.keepQuadratic = quadratic;
        this.problem = problem;
        this.time = time;
        this.maxSteps = time.steps(tMax);
        int k = problem.k();
        this.teacherFactor = Matrices.cholesky(problem.teacherGram(), k);
        this.teacherInverse = Matrices.inverse(problem.teacherGram(), k);
        this.rademacher = problem.signTeacherFields();
        if (!supports(problem)) {
            throw new IllegalArgumentException("the chain with batches needs d - p - k >= p, got d = " + problem.d());
        }
    }

    /**
     * Whether the chain can run the problem: a batch needs the Bartlett construction of a p×p Wishart block
     * with d − p − k degrees of freedom, so d − p − k ≥ p.
     */
    public static boolean supports(Problem problem) {
        return problem.batch() == 1 || problem.p() <= problem.d() - problem.p() - problem.k();
    }

    @Override
    public EngineKind kind() {
        return EngineKind.CHAIN;
    }

    /** Runs from the start's overlaps: the chain never needs the d-dimensional network. */
    @Override
    public long run(Start start, RandomGenerator rng, Observer observer) {
        int p = problem.p();
        int k = problem.k();
        int n = p + k;
        int batch = problem.batch();
        int d = problem.d();
        double orthogonalDof = d - n;
        double eta = problem.fieldRate();
        double gammaA = problem.secondLayerRate();
        UpdateRule rule = problem.rule();
        InputLaw law = problem.inputs();
        OverlapBuffer state = new OverlapBuffer(start.overlaps());
        double[] q = state.q;
        double[] m = state.m;
        double[] a = state.a;
        double[] regression = new double[p * k];
        double[] schur = new double[p * p];
        double[] factor = new double[p * p];
        double[] gauss = new double[batch * n];
        double[] nu = new double[batch * k];
        double[] lambda = new double[batch * p];
        double[] g = new double[batch * p];
        double[] gA = new double[p];
        double[] gAsum = new double[p];
        double[] nuB = new double[k];
        double[] lambdaB = new double[p];
        double[] gB = new double[p];
        double[] quadratic = new double[p * p];
        double[] gram = new double[p * p];
        double[] gramFactor = new double[p * p];
        double[] bartlett = new double[p * p];
        double[] span = new double[p * n];
        double[] rescale = new double[p];
        boolean updating = batch == 1 && refactorEvery > 1;
        double[] upper = updating ? new double[p * p] : null; // Lᵀ of the conditional covariance, updated in O(p²)
        double[] conditionalPart = new double[p];
        double[] rotation = new double[p];
        double[] teacherWeights = new double[k];
        double[] work = new double[p];
        double[] downdate = new double[p];
        OverlapStep.Scratch scratch = new OverlapStep.Scratch(p);
        double[] rowScale = new double[p]; // L = diag(rowScale)·upperᵀ: the spherical scalings since the last refactor
        int sinceRefactor = Integer.MAX_VALUE;

        if (!observer.observe(0, 0, state)) {
            return 0;
        }
        for (long step = 1; step <= maxSteps; step++) {
            if (!updating || sinceRefactor >= refactorEvery) {
                conditional(q, m, regression, schur, factor);
                if (updating) {
                    CholeskyUpdate.transpose(factor, p, upper);
                    Arrays.fill(rowScale, 1);
                }
                sinceRefactor = 0;
            }
            Arrays.fill(gAsum, 0);
            for (int b = 0; b < batch; b++) {
                int gb = b * n;
                for (int c = 0; c < n; c++) {
                    gauss[gb + c] = rng.nextGaussian();
                }
                for (int r = 0; r < k; r++) {
                    double v;
                    if (rademacher) {
                        v = rng.nextBoolean() ? 1 : -1;
                        gauss[gb + r] = v;
                    } else {
                        v = 0;
                        for (int t = 0; t <= r; t++) {
                            v += teacherFactor[r * k + t] * gauss[gb + t];
                        }
                    }
                    nuB[r] = v;
                    nu[b * k + r] = v;
                }
                if (updating) {
                    lowerTimes(upper, rowScale, p, gauss, gb + k, conditionalPart, work);
                } else {
                    for (int j = 0; j < p; j++) {
                        double v = 0;
                        for (int l = 0; l <= j; l++) {
                            v += factor[j * p + l] * gauss[gb + k + l];
                        }
                        conditionalPart[j] = v;
                    }
                }
                for (int j = 0; j < p; j++) {
                    double v = conditionalPart[j];
                    for (int r = 0; r < k; r++) {
                        v += regression[j * k + r] * nuB[r];
                    }
                    lambdaB[j] = v;
                    lambda[b * p + j] = v;
                }
                double y = rule.label(nuB, rng.nextGaussian());
                rule.gradients(lambdaB, y, a, gB, gA);
                System.arraycopy(gB, 0, g, b * p, p);
                for (int j = 0; j < p; j++) {
                    gAsum[j] += gA[j];
                }
            }
            if (batch == 1) {
                double norm2 = law.squaredNorm(rng, Vectors.dot(gauss, 0, gauss, 0, n), d, n);
                if (!keepQuadratic) {
                    norm2 = 0; // the ablation: no η²|x|² G Gᵀ term (the factor update then refactors, c < 0)
                }
                if (problem.spherical()) {
                    OverlapStep.applySingleNormalised(p, k, eta, norm2, lambdaB, nuB, gB, q, m, rescale, scratch);
                } else {
                    OverlapStep.applySingle(p, k, eta, norm2, lambdaB, nuB, gB, q, m, scratch);
                }
                if (updating && !updateFactor(upper, rowScale, regression, eta, norm2, nuB, gB, conditionalPart, rotation,
                        downdate, teacherWeights, work)) {
                    sinceRefactor = Integer.MAX_VALUE; // semi-definite: refactor from Q and M next step
                }
            } else {
                if (keepQuadratic) {
                    quadraticGram(rng, gauss, g, n, p, batch, orthogonalDof, span, gram, gramFactor, bartlett, quadratic);
                }
                OverlapStep.applyBatch(p, k, batch, eta, quadratic, lambda, nu, g, q, m);
            }
            for (int j = 0; j < p; j++) {
                a[j] -= gammaA / batch * gAsum[j];
            }
            if (problem.spherical()) {
                if (batch > 1) {
                    OverlapStep.normalise(p, k, q, m, rescale);
                }
                if (updating) {
                    for (int j = 0; j < p; j++) {
                        rowScale[j] *= rescale[j];
                        for (int r = 0; r < k; r++) {
                            regression[j * k + r] *= rescale[j];
                        }
                    }
                }
            }
            sinceRefactor++;
            if (!state.isFiniteGram()) {
                throw new DivergenceException(kind(), step, time);
            }
            if (!observer.observe(step, time.time(step), state)) {
                return step;
            }
        }
        return maxSteps;
    }

    /** out = L z[offset ..] with L = diag(rowScale)·upperᵀ, as a sum of upper's rows: contiguous. */
    private static void lowerTimes(double[] upper, double[] rowScale, int p, double[] z, int offset, double[] out,
                                   double[] work) {
        Arrays.fill(out, 0);
        for (int l = 0; l < p; l++) {
            double zl = z[offset + l];
            System.arraycopy(upper, l * p + l, work, l, p - l); // same index in the loop: vectorised
            for (int i = l; i < p; i++) {
                out[i] += zl * work[i];
            }
        }
        for (int i = 0; i < p; i++) {
            out[i] *= rowScale[i];
        }
    }

    /**
     * The factor and regression after one sample (docs/theory.md §4): with u = λ − Aν = L z (the
     * conditional part of the fields) and c = |x|² − νᵀP⁻¹ν,
     * S' = S − η(G uᵀ + u Gᵀ) + η² c G Gᵀ = S + c v vᵀ − u uᵀ / c with v = ηG − u/c — a rank-one update
     * then a rank-one downdate — and A' = A − η G (P⁻¹ν)ᵀ. False when a rotation fails (S only semi-definite).
     */
    private boolean updateFactor(double[] upper, double[] rowScale, double[] regression, double eta, double norm2,
                                 double[] nu, double[] g, double[] conditionalPart, double[] rotation,
                                 double[] downdate, double[] teacherWeights, double[] work) {
        int p = problem.p();
        int k = problem.k();
        double explained = 0;
        for (int r = 0; r < k; r++) {
            double v = 0;
            for (int t = 0; t < k; t++) {
                v += teacherInverse[r * k + t] * nu[t];
            }
            teacherWeights[r] = v;
            explained += nu[r] * v;
        }
        double c = norm2 - explained;
        if (!(c > 0)) {
            return false;
        }
        double root = Math.sqrt(c);
        // L = D·upperᵀ, so S ± w wᵀ = D (upperᵀ upper ± D⁻¹w wᵀD⁻¹) D: rotate upper by D⁻¹w
        for (int j = 0; j < p; j++) {
            rotation[j] = root * (eta * g[j] - conditionalPart[j] / c) / rowScale[j];
            downdate[j] = conditionalPart[j] / root / rowScale[j];
        }
        if (!CholeskyUpdate.updateThenDowndate(upper, p, rotation, downdate, work)) {
            return false;
        }
        for (int j = 0; j < p; j++) {
            for (int r = 0; r < k; r++) {
                regression[j * k + r] -= eta * g[j] * teacherWeights[r];
            }
        }
        return true;
    }

    /** A = M P⁻¹ and the lower factor of S = Q − A Mᵀ, zeroing columns whose pivot vanishes (S ⪰ 0). */
    private void conditional(double[] q, double[] m, double[] regression, double[] schur, double[] factor) {
        FieldLaw.conditional(problem.p(), problem.k(), q, m, teacherInverse, regression, schur);
        SemidefiniteCholesky.factor(schur, problem.p(), factor);
    }

    /** K = V Vᵀ + F Fᵀ with F = L_C T: v_j = Σ_b G_bj g_b, C = Σ_b G_b G_bᵀ = L_C L_Cᵀ, T Bartlett's factor of Wishart_p(dof, I). */
    private static void quadraticGram(RandomGenerator rng, double[] gauss, double[] g, int n, int p, int batch, double dof,
                                      double[] span, double[] c, double[] factor, double[] t, double[] k) {
        Arrays.fill(span, 0);
        Arrays.fill(c, 0);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < p; j++) {
                double gj = g[b * p + j];
                for (int i = 0; i < n; i++) {
                    span[j * n + i] += gj * gauss[b * n + i];
                }
                for (int l = 0; l <= j; l++) {
                    c[j * p + l] += gj * g[b * p + l];
                }
            }
        }
        SemidefiniteCholesky.factor(c, p, factor);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < i; j++) {
                t[i * p + j] = rng.nextGaussian();
            }
            t[i * p + i] = Math.sqrt(ChiSquare.sample(rng, dof - i));
        }
        // F = L_C T (lower triangular), written over C, which is no longer needed
        for (int j = 0; j < p; j++) {
            for (int a = 0; a <= j; a++) {
                double f = 0;
                for (int b = a; b <= j; b++) {
                    f += factor[j * p + b] * t[b * p + a];
                }
                c[j * p + a] = f;
            }
        }
        for (int j = 0; j < p; j++) {
            for (int l = 0; l <= j; l++) {
                double w = 0;
                for (int a = 0; a <= l; a++) {
                    w += c[j * p + a] * c[l * p + a];
                }
                double v = w + Vectors.dot(span, j * n, span, l * n, n);
                k[j * p + l] = v;
                k[l * p + j] = v;
            }
        }
    }
}

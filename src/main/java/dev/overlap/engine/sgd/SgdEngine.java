package dev.overlap.engine.sgd;

import dev.overlap.linalg.Vectors;
import dev.overlap.engine.DivergenceException;
import dev.overlap.engine.Engine;
import dev.overlap.engine.EngineKind;
import dev.overlap.engine.Start;
import dev.overlap.engine.Observer;
import dev.overlap.engine.TimeAxis;
import dev.overlap.engine.Weights;
import dev.overlap.overlaps.OverlapBuffer;
import dev.overlap.overlaps.OverlapStep;
import dev.overlap.problem.InputLaw;
import dev.overlap.problem.Problem;
import dev.overlap.problem.UpdateRule;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Full online SGD on the d-dimensional weights: fresh inputs every step, w_j ← w_j − γ s Ḡ_j x,
 * a_j ← a_j − γ_a ∂ℓ/∂a_j, then the optional spherical projection.
 *
 * <p>For B = 1 the overlaps are carried along exactly by {@link OverlapStep} from the fields the step
 * computes anyway (O(p²) instead of O(p² d)), and the spherical rescaling is folded into the weight
 * update, so a step costs d Gaussian draws, k teacher dot products and one pass over W that updates
 * the rows and projects them on the next input. For B &gt; 1 the
 * overlaps are recomputed from the weights after the step (O(p² d), small next to the B·p·d of the
 * batch). Nothing is allocated inside the step loop.
 */
public final class SgdEngine implements Engine {
    private final Problem problem;
    private final TimeAxis time;
    private final long maxSteps;

    public SgdEngine(Problem problem, TimeAxis time, double tMax) {
        CompilerDirective.applied(); // in force before runSingle is first compiled
        this.problem = problem;
        this.time = time;
        this.maxSteps = time.steps(tMax);
    }

    @Override
    public EngineKind kind() {
        return EngineKind.SGD;
    }

    /** Trains {@code start}'s network in place (its rows W and second layer a), from the start's overlaps. */
    @Override
    public long run(Start start, RandomGenerator noise, Observer observer) {
        Weights w = start.network().orElseThrow(() -> new IllegalArgumentException("sgd needs a start with its network"));
        OverlapBuffer state = new OverlapBuffer(start.overlaps());
        try {
            return problem.batch() == 1 ? runSingle(w, state, noise, observer) : runBatch(w, state, noise, observer);
        } finally {
            System.arraycopy(state.a, 0, w.a(), 0, state.p); // the network holds its trained second layer
            for (int j = 0; j < state.p; j++) {
                w.fold(j); // and its rows, with the scalings deferred during the run applied
            }
        }
    }

    /**
     * B = 1. The next input is drawn while the rows are updated with this one and projected on it in the
     * same pass ({@link Vectors#updateAndProject}), so a step reads and writes W once. The draws keep their
     * order (x_1, ξ_1, x_2, ξ_2, …): the next input is drawn after this step's label noise. The spherical
     * projection's rescaling r_j is deferred to the row scale c_j of {@link Weights} (row j = c_j·u_j):
     * (c_j u_j + α_j x)·r_j = c_j r_j·(u_j + (α_j/c_j) x), so the pass does no multiplication by r_j; a
     * scale leaving [1/2, 2] is folded into its row, so u_j keeps its magnitude. Without the projection
     * every c_j stays exactly 1 and the arithmetic is that of the plain update.
     */
    private long runSingle(Weights w, OverlapBuffer state, RandomGenerator rng, Observer observer) {
        int p = problem.p();
        int k = problem.k();
        int d = problem.d();
        double s = problem.fieldScale();
        double teacherScale = 1 / Math.sqrt(d);
        double gamma = problem.learningRate();
        double gammaA = problem.secondLayerRate();
        double eta = problem.fieldRate();
        InputLaw law = problem.inputs();
        UpdateRule rule = problem.rule();
        double[][] student = w.student();
        double[][] teacher = w.teacher();
        double[] a = state.a;
        double[] x = new double[d];
        double[] next = new double[d];
        double[] lambda = new double[p];
        double[] nu = new double[k];
        double[] g = new double[p];
        double[] gA = new double[p];
        double[] alpha = new double[p];
        double[] rescale = new double[p];
        Arrays.fill(rescale, 1.0);
        double[] c = w.rowScale();
        double[] beta = new double[p];
        double[][] rows = new double[p + k][];
        System.arraycopy(student, 0, rows, 0, p);
        System.arraycopy(teacher, 0, rows, p, k);
        double[] dots = new double[p + k];
        double[] studentDots = new double[p];
        OverlapStep.Scratch scratch = new OverlapStep.Scratch(p);
        double[] teacherDots = new double[k];

        if (!observer.observe(0, 0, state)) {
            return 0;
        }
        double norm2 = law.sample(rng, x, rows, dots);
        for (int j = 0; j < p; j++) {
            studentDots[j] = c[j] * dots[j];
        }
        System.arraycopy(dots, p, teacherDots, 0, k);
        for (long step = 1; step <= maxSteps; step++) {
            for (int j = 0; j < p; j++) {
                lambda[j] = s * studentDots[j];
            }
            for (int r = 0; r < k; r++) {
                nu[r] = teacherScale * teacherDots[r];
            }
            double y = rule.label(nu, rng.nextGaussian());
            rule.gradients(lambda, y, a, g, gA);
            if (problem.spherical()) {
                OverlapStep.applySingleNormalised(p, k, eta, norm2, lambda, nu, g, state.q, state.m, rescale, scratch);
            } else {
                OverlapStep.applySingle(p, k, eta, norm2, lambda, nu, g, state.q, state.m, scratch);
            }
            for (int j = 0; j < p; j++) {
                alpha[j] = -gamma * s * g[j];
                a[j] -= gammaA * gA[j];
            }
            for (int j = 0; j < p; j++) {
                beta[j] = alpha[j] / c[j];
                c[j] *= rescale[j];
            }
            double nextNorm2 = law.sample(rng, next, teacher, teacherDots);
            Vectors.updateAndProject(student, beta, x, next, studentDots);
            observer.rowsAdded(beta, x);
            for (int j = 0; j < p; j++) {
                studentDots[j] *= c[j];
                if (c[j] < 0.5 || c[j] > 2) {
                    observer.rowScaled(j, c[j]);
                    w.fold(j);
                }
            }
            double[] swap = x;
            x = next;
            next = swap;
            norm2 = nextNorm2;
            if (!state.isFiniteGram()) {
                throw new DivergenceException(kind(), step, time);
            }
            if (!observer.observe(step, time.time(step), state)) {
                return step;
            }
        }
        return maxSteps;
    }

    /**
     * B &gt; 1, sample by sample: p dot products and p axpys into the gradient per input, skipping ReLU units
     * the input switches off. Kept hand-written: on models/xor.yaml (B = 1060, d = 200, p = 29) `overlap bench`
     * measures a whole step at 0.76× EJML's two products of the same shapes (X·Wᵀ and Gᵀ·X), which a
     * blocked formulation would have to run.
     */
    private long runBatch(Weights w, OverlapBuffer state, RandomGenerator rng, Observer observer) {
        int p = problem.p();
        int k = problem.k();
        int d = problem.d();
        int batch = problem.batch();
        double s = problem.fieldScale();
        double teacherScale = 1 / Math.sqrt(d);
        double gamma = problem.learningRate();
        double gammaA = problem.secondLayerRate();
        InputLaw law = problem.inputs();
        UpdateRule rule = problem.rule();
        double[][] student = w.student();
        double[][] teacher = w.teacher();
        double[] a = state.a;
        double[] x = new double[d];
        double[][] gradW = new double[p][d];
        double[] gradA = new double[p];
        double[] lambda = new double[p];
        double[] nu = new double[k];
        double[] g = new double[p];
        double[] gA = new double[p];
        double[] rescale = new double[p];
        double[] coefficients = new double[p];

        if (problem.ablated()) {
            ablate(student, teacher, coefficients, observer);
            recompute(student, teacher, s, teacherScale, state);
        }
        if (!observer.observe(0, 0, state)) {
            return 0;
        }
        for (long step = 1; step <= maxSteps; step++) {
            for (int j = 0; j < p; j++) {
                Arrays.fill(gradW[j], 0);
                gradA[j] = 0;
            }
            for (int b = 0; b < batch; b++) {
                law.sample(rng, x);
                for (int j = 0; j < p; j++) {
                    lambda[j] = s * Vectors.dot(student[j], x);
                }
                for (int r = 0; r < k; r++) {
                    nu[r] = teacherScale * Vectors.dot(teacher[r], x);
                }
                double y = rule.label(nu, rng.nextGaussian());
                rule.gradients(lambda, y, a, g, gA);
                for (int j = 0; j < p; j++) {
                    if (g[j] != 0) { // ReLU units switched off by this input contribute nothing
                        Vectors.axpy(g[j], x, gradW[j]);
                    }
                    gradA[j] += gA[j];
                    coefficients[j] = -gamma * s / batch * g[j];
                }
                observer.rowsAdded(coefficients, x); // this sample's part of the step below
            }
            for (int j = 0; j < p; j++) {
                Vectors.axpy(-gamma * s / batch, gradW[j], student[j]);
                a[j] -= gammaA / batch * gradA[j];
            }
            if (problem.ablated()) {
                ablate(student, teacher, coefficients, observer);
            }
            recompute(student, teacher, s, teacherScale, state);
            if (problem.spherical()) {
                OverlapStep.normalise(p, k, state.q, state.m, rescale);
                for (int j = 0; j < p; j++) {
                    Vectors.scale(rescale[j], student[j]);
                    observer.rowScaled(j, rescale[j]);
                }
            }
            if (!state.isFiniteGram()) {
                throw new DivergenceException(kind(), step, time);
            }
            if (!observer.observe(step, time.time(step), state)) {
                return step;
            }
        }
        return maxSteps;
    }

    /**
     * The ablation: rows signalNeurons … p − 1 lose their components along the teacher rows (orthogonal, so
     * one pass projects them out), so only the first signalNeurons units can carry the signal.
     */
    private void ablate(double[][] student, double[][] teacher, double[] coefficients, Observer observer) {
        for (double[] t : teacher) {
            double t2 = Vectors.dot(t, t);
            for (int j = 0; j < problem.p(); j++) {
                coefficients[j] = j < problem.signalNeurons() ? 0 : -Vectors.dot(student[j], t) / t2;
                if (coefficients[j] != 0) {
                    Vectors.axpy(coefficients[j], t, student[j]);
                }
            }
            observer.rowsAdded(coefficients, t);
        }
    }

    private static void recompute(double[][] student, double[][] teacher, double s, double teacherScale,
                                  OverlapBuffer state) {
        int p = state.p;
        int k = state.k;
        for (int j = 0; j < p; j++) {
            for (int l = j; l < p; l++) {
                double v = s * s * Vectors.dot(student[j], student[l]);
                state.q[j * p + l] = v;
                state.q[l * p + j] = v;
            }
            for (int r = 0; r < k; r++) {
                state.m[j * k + r] = s * teacherScale * Vectors.dot(student[j], teacher[r]);
            }
        }
    }
}

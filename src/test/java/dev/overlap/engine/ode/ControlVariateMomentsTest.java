package dev.overlap.engine.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.TestModels;
import dev.overlap.experiment.Models;
import dev.overlap.gauss.ReluGaussian;
import dev.overlap.modelfile.ModelLoader;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.problem.Loss;
import dev.overlap.problem.Problem;
import dev.overlap.problem.UpdateRule;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.junit.jupiter.api.Test;

/**
 * The exact moments of the linearised loss for ReLU units on the hypercube, against a tensor Gauss–Legendre rule
 * split at every unit's kink (each piece's integrand is a smooth function times the Gaussian density, cut at
 * ±12 standard deviations, where the tail mass is 10⁻³²): that reference is exact to round-off, so the closed
 * forms are held to 10⁻¹² of each moment's scale.
 */
class ControlVariateMomentsTest {
    private static final GaussIntegratorFactory FACTORY = new GaussIntegratorFactory();
    private static final int NODES = 40;
    private static final double CUT = 12;

    @Test
    void reluMomentsMatchQuadrature() {
        double[][] cases = {{0.3, 1}, {-2, 0.5}, {1e-4, 1}, {5, 0.1}, {-8, 1}, {0.7, 0}, {-0.7, 0}};
        for (double[] c : cases) {
            double mu = c[0];
            double s = c[1];
            ReluGaussian g = ReluGaussian.of(mu, s);
            double[] ref = new double[3];
            if (s == 0) {
                ref = mu > 0 ? new double[] {1, mu, mu * mu} : new double[3];
            } else {
                for (double[] zw : nodes(-mu / s)) {
                    double lambda = mu + s * zw[0];
                    if (lambda > 0) {
                        ref[0] += zw[1];
                        ref[1] += zw[1] * lambda;
                        ref[2] += zw[1] * lambda * lambda;
                    }
                }
            }
            String at = "mu " + mu + ", s " + s;
            assertEquals(ref[0], g.gate(), 1e-14 + 1e-13 * ref[0], "gate, " + at);
            assertEquals(ref[1], g.mean(), 1e-14 * s + 1e-13 * ref[1], "mean, " + at);
            assertEquals(ref[2], g.secondMoment(), 1e-14 * s * s + 1e-13 * ref[2], "second moment, " + at);
        }
    }

    /** Every moment of the linearised loss, for the logistic and the square loss, at a phase-2-sized state (p = 3). */
    @Test
    void linearisedMomentsAreExact() {
        for (String loss : new String[] {"logistic", "square"}) {
            ModelSpec spec = xor(Map.of("training.loss", loss));
            Problem problem = TestModels.problem(spec);
            double[][] state = state(problem, 0.8);
            ControlVariateMoments cv = source(problem, spec, true);
            IncrementMoments exact = new IncrementMoments(problem.p(), problem.k());
            cv.linearised(state[0], state[1], state[2], exact);
            IncrementMoments reference = bruteForce(problem, state, true);
            assertClose(reference, exact, 1e-12, loss);
        }
    }

    /**
     * A phase-1 state of [XOR] at d ~ 10⁶: weights of size θ = 0.05 and signals 10⁻³ of them, so that E[G ν] is
     * 10⁻³ of its size at order-one signals and the output ŷ ~ pθ² is small. The control variate leaves only the
     * O(ŷ³) remainder to 1024 Sobol points and is within 10⁻⁴ of the reference, while the same points applied to
     * the whole integrand miss it by more than 10 % (why the class exists).
     */
    @Test
    void smallSignalsAreResolved() {
        ModelSpec spec = xor(Map.of());
        Problem problem = TestModels.problem(spec);
        double[][] state = state(problem, 1e-3, 0.05);
        IncrementMoments reference = bruteForce(problem, state, false);
        IncrementMoments cv = new IncrementMoments(problem.p(), problem.k());
        source(problem, spec, true).compute(state[0], state[1], state[2], cv);
        IncrementMoments points = new IncrementMoments(problem.p(), problem.k());
        new PointMoments(Drifts.quadrature(problem, Models.numerics(spec), false), true)
                .compute(state[0], state[1], state[2], points);
        double scale = maxAbs(reference.gNu);
        double cvError = maxDiff(reference.gNu, cv.gNu) / scale;
        double pointError = maxDiff(reference.gNu, points.gNu) / scale;
        assertTrue(cvError < 1e-4, "control variate's relative error in E[G nu]: " + cvError);
        assertTrue(pointError > 0.1, "the point set alone was expected to miss: " + pointError);
    }

    /**
     * With an output of order one (phase 2) the remainder is the whole nonlinearity: the sum must equal the full
     * moments within the error of 8192 Sobol points in three dimensions on a kinked integrand (2.2·10⁻³ measured in
     * E[G λ]; tolerance 5·10⁻³). A remainder with the wrong sign or a missing term errs by order one.
     */
    @Test
    void largeOutputsMatchTheFullMoments() {
        ModelSpec spec = xor(Map.of("run.qmc-points", "8192"));
        Problem problem = TestModels.problem(spec);
        double[][] state = state(problem, 0.8);
        IncrementMoments reference = bruteForce(problem, state, false);
        IncrementMoments cv = new IncrementMoments(problem.p(), problem.k());
        source(problem, spec, true).compute(state[0], state[1], state[2], cv);
        assertClose(reference, cv, 5e-3, "phase 2");
    }

    /**
     * Gaussian XOR (y = −ν₁ν₂ on Gaussian inputs, p = 2): the teacher fields run over the class's Gauss–Hermite rule
     * ({@value ControlVariateMoments#TEACHER_POINTS} points per coordinate), held against one twice as fine. The
     * orthogonal fields are integrated exactly either way, so what differs is the rule's error on the smooth
     * ν-integrand: 7·10⁻⁹ of the moment at order-one signals (tolerance 10⁻⁸); at a signal of 10⁻³ the integrand is
     * nearly polynomial in ν and the rules agree to round-off (tolerance 10⁻¹⁰: E[G ν] is then a sum of order-one
     * terms that cancel to 10⁻³ of them).
     */
    @Test
    void linearisedMomentsAreExactForGaussianInputs() {
        ModelSpec spec = ModelLoader.load(Path.of("models/xor-gaussian.yaml"), Map.of("student.p", "2",
                "run.qmc-points", "1024", "run.ode-reduction", "mean-field"));
        Problem problem = TestModels.problem(spec);
        for (double signal : new double[] {0.8, 1e-3}) {
            double[][] state = state(problem, signal);
            IncrementMoments exact = new IncrementMoments(problem.p(), problem.k());
            source(problem, spec, true).linearised(state[0], state[1], state[2], exact);
            assertClose(bruteForce(problem, state, true), exact, signal < 0.1 ? 1e-10 : 1e-8, "Gaussian XOR, signal " + signal);
        }
    }

    /** Leaving out off-diagonal entries (what the mean-field coordinates do not read) changes no entry that is kept. */
    @Test
    void diagonalVariantsKeepTheirEntries() {
        ModelSpec spec = xor(Map.of());
        Problem problem = TestModels.problem(spec);
        double[][] state = state(problem, 0.3);
        int p = problem.p();
        IncrementMoments full = new IncrementMoments(p, problem.k());
        source(problem, spec, true).compute(state[0], state[1], state[2], full);
        IncrementMoments rowsOnly = new IncrementMoments(p, problem.k());
        new ControlVariateMoments(problem.rule(), problem.teacherGram(),
                Drifts.quadrature(problem, Models.numerics(spec), false), true, true, false)
                .compute(state[0], state[1], state[2], rowsOnly);
        assertEquals(java.util.Arrays.toString(full.gNu), java.util.Arrays.toString(rowsOnly.gNu));
        assertEquals(java.util.Arrays.toString(full.gLambda), java.util.Arrays.toString(rowsOnly.gLambda));
        assertEquals(java.util.Arrays.toString(full.gA), java.util.Arrays.toString(rowsOnly.gA));
        for (int j = 0; j < p; j++) {
            assertEquals(full.gG[j * p + j], rowsOnly.gG[j * p + j], 0.0, "E[G_j G_j]");
            for (int l = 0; l < p; l++) {
                if (l != j) {
                    assertEquals(0.0, rowsOnly.gG[j * p + l], "E[G_j G_l] left out");
                }
            }
        }
    }

    private static ModelSpec xor(Map<String, String> overrides) {
        Map<String, String> o = new java.util.HashMap<>(Map.of("student.p", "3", "run.qmc-points", "1024",
                "run.ode-reduction", "mean-field"));
        o.putAll(overrides);
        return ModelLoader.load(Path.of("models/xor.yaml"), o);
    }

    private static ControlVariateMoments source(Problem problem, ModelSpec spec, boolean offDiagonal) {
        return new ControlVariateMoments(problem.rule(), problem.teacherGram(),
                Drifts.quadrature(problem, Models.numerics(spec), false), problem.signTeacherFields(), offDiagonal,
                offDiagonal);
    }

    /** Q (p×p), M (p×k), a with weights of order one: signals M_jr = signal × a fixed pattern. */
    private static double[][] state(Problem problem, double signal) {
        return state(problem, signal, 1);
    }

    /**
     * Q (p×p), M (p×k), a for weights of size {@code size}: orthogonal norms s_j = size × order one, second layer
     * a_j = size × order one and signals M_jr = size × signal × a fixed pattern.
     */
    private static double[][] state(Problem problem, double signal, double size) {
        int p = problem.p();
        int k = problem.k();
        double[] m = new double[p * k];
        double[] s2 = {1.0, 0.6, 1.7};
        double[] pattern = {0.9, -0.4, 0.3, 0.8, -0.7, -0.6};
        for (int i = 0; i < m.length; i++) {
            m[i] = size * signal * pattern[i];
        }
        double[] q = new double[p * p];
        double[] gram = problem.teacherGram();
        double[] inverse = dev.overlap.linalg.Matrices.inverse(gram, k);
        for (int j = 0; j < p; j++) {
            for (int l = 0; l < p; l++) {
                double v = j == l ? size * size * s2[j] : 0;
                for (int r = 0; r < k; r++) {
                    for (int u = 0; u < k; u++) {
                        v += m[j * k + r] * inverse[r * k + u] * m[l * k + u];
                    }
                }
                q[j * p + l] = v;
            }
        }
        double[] a = java.util.Arrays.copyOf(new double[] {1.1 * size, -0.9 * size, 0.7 * size}, p);
        return new double[][] {q, m, a};
    }

    /**
     * The moments on a tensor Gauss–Legendre rule split at each unit's kink, per sign pattern: with
     * {@code linearised} the loss derivative e₀ + e₁ŷ (and e₀² + 2e₀e₁ŷ for E[GGᵀ]), else the loss itself.
     */
    private static IncrementMoments bruteForce(Problem problem, double[][] state, boolean linearised) {
        int p = problem.p();
        int k = problem.k();
        UpdateRule rule = problem.rule();
        Loss loss = rule.loss();
        double[] q = state[0];
        double[] m = state[1];
        double[] a = state[2];
        double[] inverse = dev.overlap.linalg.Matrices.inverse(problem.teacherGram(), k);
        double[] regression = new double[p * k];
        double[] schur = new double[p * p];
        dev.overlap.overlaps.FieldLaw.conditional(p, k, q, m, inverse, regression, schur);
        IncrementMoments out = new IncrementMoments(p, k);
        double[] nu = new double[k];
        double[] mu = new double[p];
        double[] sd = new double[p];
        double[][][] grid = new double[p][][];
        double[] lambda = new double[p];
        double[] unit = new double[p];
        double[] unitA = new double[p];
        double[][] teacher = teacherRule(problem);
        for (double[] point : teacher) {
            System.arraycopy(point, 0, nu, 0, k);
            double weight = point[k];
            for (int j = 0; j < p; j++) {
                mu[j] = 0;
                for (int r = 0; r < k; r++) {
                    mu[j] += regression[j * k + r] * nu[r];
                }
                sd[j] = Math.sqrt(schur[j * p + j]);
                grid[j] = nodes(-mu[j] / sd[j]);
            }
            double y = rule.label(nu, 0);
            int[] index = new int[p];
            int n = grid[0].length;
            int total = (int) Math.pow(n, p);
            for (int flat = 0; flat < total; flat++) {
                double w = weight;
                for (int j = 0, rest = flat; j < p; j++, rest /= n) {
                    index[j] = rest % n;
                    double[] zw = grid[j][index[j]];
                    lambda[j] = mu[j] + sd[j] * zw[0];
                    w *= zw[1];
                }
                double yHat = rule.predict(lambda, a);
                double e0 = loss.derivativeAtZero(y);
                double e1 = loss.curvatureAtZero(y);
                double e = linearised ? e0 + e1 * yHat : loss.derivative(yHat, y);
                double e2 = linearised ? e0 * e0 + 2 * e0 * e1 * yHat : e * e;
                rule.signals(1, lambda, a, unit, unitA);
                for (int j = 0; j < p; j++) {
                    for (int r = 0; r < k; r++) {
                        out.gNu[j * k + r] += w * e * unit[j] * nu[r];
                    }
                    for (int l = 0; l < p; l++) {
                        out.gLambda[j * p + l] += w * e * unit[j] * lambda[l];
                        out.gG[j * p + l] += w * e2 * unit[j] * unit[l];
                    }
                    out.gA[j] += w * e * unitA[j];
                }
            }
        }
        return out;
    }

    /**
     * The teacher fields with their weights (ν_1 … ν_k, w): the 2^k sign patterns, or for Gaussian inputs a 48-point
     * Gauss–Hermite rule per coordinate, twice as fine as the class's, mapped through the teacher Gram's root.
     */
    private static double[][] teacherRule(Problem problem) {
        int k = problem.k();
        if (problem.signTeacherFields()) {
            double[][] out = new double[1 << k][k + 1];
            for (int pattern = 0; pattern < out.length; pattern++) {
                for (int r = 0; r < k; r++) {
                    out[pattern][r] = ((pattern >> r) & 1) == 0 ? 1 : -1;
                }
                out[pattern][k] = 1.0 / out.length;
            }
            return out;
        }
        int[] counts = new int[k];
        java.util.Arrays.fill(counts, 2 * ControlVariateMoments.TEACHER_POINTS);
        dev.overlap.gauss.TensorHermite rule = new dev.overlap.gauss.TensorHermite(counts);
        double[] root = dev.overlap.linalg.Matrices.symmetricRoot(problem.teacherGram(), k);
        double[][] out = new double[rule.size()][k + 1];
        for (int i = 0; i < rule.size(); i++) {
            for (int r = 0; r < k; r++) {
                for (int t = 0; t < k; t++) {
                    out[i][r] += root[r * k + t] * rule.point(i)[t];
                }
            }
            out[i][k] = rule.weight(i);
        }
        return out;
    }

    /** Nodes and weights (times the Gaussian density) of a Gauss–Legendre rule on [−12, kink] ∪ [kink, 12]. */
    private static double[][] nodes(double kink) {
        double cut = Math.max(-CUT, Math.min(CUT, kink));
        double[][] pieces = Math.abs(cut) == CUT ? new double[][] {{-CUT, CUT}} : new double[][] {{-CUT, cut}, {cut, CUT}};
        int perPiece = 2 * NODES / pieces.length;
        double[][] out = new double[2 * NODES][];
        int i = 0;
        for (double[] piece : pieces) {
            GaussIntegrator rule = FACTORY.legendreHighPrecision(perPiece, piece[0], piece[1]);
            for (int n = 0; n < perPiece; n++) {
                double z = rule.getPoint(n);
                out[i++] = new double[] {z, rule.getWeight(n) * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI)};
            }
        }
        return out;
    }

    private static void assertClose(IncrementMoments reference, IncrementMoments actual, double tolerance, String what) {
        double[][] ref = {reference.gNu, reference.gLambda, reference.gG, reference.gA};
        double[][] act = {actual.gNu, actual.gLambda, actual.gG, actual.gA};
        String[] names = {"E[G nu]", "E[G lambda]", "E[G G]", "E[dl/da]"};
        for (int i = 0; i < ref.length; i++) {
            double scale = maxAbs(ref[i]);
            assertTrue(maxDiff(ref[i], act[i]) <= tolerance * scale, what + ", " + names[i] + ": relative error "
                    + maxDiff(ref[i], act[i]) / scale);
        }
    }

    private static double maxAbs(double[] x) {
        double s = 0;
        for (double v : x) {
            s = Math.max(s, Math.abs(v));
        }
        return s;
    }

    private static double maxDiff(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s = Math.max(s, Math.abs(x[i] - y[i]));
        }
        return s;
    }
}

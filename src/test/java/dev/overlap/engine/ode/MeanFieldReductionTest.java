package dev.overlap.engine.ode;

import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.Trial;
import dev.overlap.experiment.Models;
import dev.overlap.engine.Start;
import dev.overlap.TestModels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.engine.InitialConditions;
import dev.overlap.engine.Weights;
import dev.overlap.overlaps.OverlapState;
import dev.overlap.overlaps.XorObservables;
import dev.overlap.problem.Problem;
import dev.overlap.modelfile.ModelLoader;
import dev.overlap.modelfile.ModelSpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The mean-field coordinates (M_j, |w_j⊥|², a_j) of the ODE: geometry, drift and phase-1 dynamics. */
class MeanFieldReductionTest {

    private static ModelSpec xor(String... overrides) {
        Map<String, String> o = new HashMap<>(Map.of("student.p", "6", "run.qmc-points", "1024"));
        for (int i = 0; i < overrides.length; i += 2) {
            o.put(overrides[i], overrides[i + 1]);
        }
        return ModelLoader.load(Path.of("models/xor.yaml"), o);
    }

    /**
     * ds_j/dt = dQ_jj/dt − 2 M_j T⁻¹ dM_jᵀ/dt against a central difference of s_j along a random
     * direction, with a non-identity teacher Gram T (s is quadratic in M, so the difference is exact up
     * to round-off: tolerance 1e-9).
     */
    @Test
    void tangentIsTheDerivativeOfTheOrthogonalNorm() {
        int p = 3;
        int k = 2;
        double[] gram = {1.0, 0.3, 0.3, 2.0};
        MeanFieldCoordinates c = new MeanFieldCoordinates(p, k, gram);
        SplittableRandom rng = new SplittableRandom(3);
        double[] m = new double[p * k];
        double[] dm = new double[p * k];
        double[] q = new double[p * p];
        double[] dq = new double[p * p];
        double[] a = {0.1, -0.2, 0.3};
        double[] da = {0.5, 0.6, 0.7};
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextGaussian();
            dm[i] = rng.nextGaussian();
        }
        for (int i = 0; i < q.length; i++) {
            q[i] = 5 + rng.nextDouble();
            dq[i] = rng.nextGaussian();
        }
        double[] dx = new double[c.dimension()];
        c.tangent(q, m, dq, dm, da, dx);
        double h = 1e-4;
        double[] plus = new double[c.dimension()];
        double[] minus = new double[c.dimension()];
        c.pack(shift(q, dq, h), shift(m, dm, h), shift(a, da, h), plus);
        c.pack(shift(q, dq, -h), shift(m, dm, -h), shift(a, da, -h), minus);
        for (int i = 0; i < dx.length; i++) {
            assertEquals((plus[i] - minus[i]) / (2 * h), dx[i], 1e-9, "coordinate " + i);
        }
    }

    /**
     * On the mean-field manifold (orthogonal parts mutually orthogonal) the reduced drift, which
     * accumulates only the diagonal of E[Gλᵀ] and E[GGᵀ], equals the full drift read in the same
     * coordinates at B = 1: the same sums in a different order (tolerance 1e-12 relative). With B &gt; 1 the
     * squared-mean-gradient term reads whole rows of E[Gλᵀ], so the moments the ODE is given must be full:
     * through {@link Drifts#moments} the reduced drift then equals the full one too.
     */
    @Test
    void reducedDriftEqualsTheFullDriftOnTheManifold() {
        for (String batch : new String[] {"1", "ceil(d * log(d))"}) {
            ModelSpec spec = xor("training.batch", batch);
            Problem problem = TestModels.problem(spec);
            OverlapState start = onManifold(spec, problem);
            MeanFieldCoordinates c = new MeanFieldCoordinates(problem.p(), problem.k(), start.teacherArray());
            MomentSource diagonal = problem.batch() == 1
                    ? new PointMoments(Drifts.quadrature(problem, Models.numerics(spec), false), false)
                    : Drifts.moments(problem, Models.numerics(spec), c.needsOffDiagonal());
            double[] reduced = tangent(new Drift(problem, diagonal, true), c, start);
            double[] full = tangent(new Drift(problem,
                    new PointMoments(Drifts.quadrature(problem, Models.numerics(spec), false), true), true), c, start);
            double scale = 0;
            for (double v : full) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < full.length; i++) {
                assertEquals(full[i], reduced[i], 1e-12 * scale, "batch " + problem.batch() + ", coordinate " + i);
            }
        }
    }

    /**
     * Phase 1 of models/xor.yaml (d = 200, p = 6, 120 steps: the test error is still above 0.4): from
     * the same start on the manifold, the full ODE's off-diagonal orthogonal overlaps grow only through
     * the coupling of the neurons by ℓ'(y f), O(max |f|) ≈ 1e-3 here, and the noise term
     * η² (d/B) E[G_j G_l] with |E[G_j G_l]| ≤ |a_j a_l| ≈ Q⊥: relative growth at most t η² d/B (0.029 at
     * t = 120), the bound asserted. The signal drift sees the off-diagonal overlaps only through that
     * coupling, so the mean signal weights differ by O(max|f|) ≈ 1e-3 relative: asserted within 1 %, far
     * below the 50 % growth of the window, so a wrong reduced drift (e.g. a factor in ds/dt) fails.
     */
    @Test
    void reductionFollowsTheFullOdeThroughPhaseOne() {
        ModelSpec full = xor("run.t-max", "120");
        ModelSpec reduced = xor("run.t-max", "120", "run.ode-reduction", "mean-field");
        Problem problem = TestModels.problem(full);
        OverlapState start = onManifold(full, problem);
        double[] fullEnd = endState(full, problem, start);
        double[] reducedEnd = endState(reduced, problem, start);
        assertTrue(fullEnd[1] > 0.4 && reducedEnd[1] > 0.4, "still in phase 1: error " + fullEnd[1]);
        assertTrue(fullEnd[0] > 1.5 * meanSignal(start), "the signal grew: " + fullEnd[0] + " from " + meanSignal(start));
        assertEquals(fullEnd[0], reducedEnd[0], 0.01 * fullEnd[0]);
        double eta = problem.learningRate();
        double budget = 120 * eta * eta * problem.d() / problem.batch();
        assertTrue(fullEnd[2] < budget, "off-diagonal orthogonal overlap / norm " + fullEnd[2] + " above " + budget);
    }

    /**
     * What the mean-field ODE starts from: the same M, a and row norms, the orthogonal parts made mutually orthogonal
     * (Q − M Mᵀ diagonal to round-off), so that its exact linearised moments accept it; the bench times the drift there.
     */
    @Test
    void theIntegratedStartIsOnTheManifold() {
        ModelSpec spec = xor("run.ode-reduction", "mean-field");
        OverlapState raw = TestModels.start(spec).overlaps();
        OverlapState s = Trial.of(spec, EngineKind.ODE).ode().asIntegrated(raw);
        int p = s.p();
        int k = s.k();
        for (int j = 0; j < p; j++) {
            assertEquals(raw.qArray()[j * p + j], s.qArray()[j * p + j], 1e-15, "row norm " + j);
            assertEquals(raw.aArray()[j], s.aArray()[j], 0.0);
            for (int l = 0; l < p; l++) {
                if (l != j) {
                    double orthogonal = s.qArray()[j * p + l] - dot(s.mArray(), j, l, k);
                    assertEquals(0, orthogonal, 1e-15, "orthogonal overlap " + j + ", " + l);
                }
            }
        }
        assertEquals(java.util.Arrays.toString(raw.mArray()), java.util.Arrays.toString(s.mArray()));
        assertTrue(Math.abs(raw.qArray()[1] - dot(raw.mArray(), 0, 1, k)) > 1e-6, "the raw start was not on it");
    }

    /** The model's random start with its orthogonal parts made mutually orthogonal. */
    private static OverlapState onManifold(ModelSpec spec, Problem problem) {
        Start w = TestModels.start(spec);
        OverlapState s = w.overlaps();
        MeanFieldCoordinates c = new MeanFieldCoordinates(problem.p(), problem.k(), s.teacherArray());
        double[] x = new double[c.dimension()];
        double[] q = s.qArray();
        double[] m = s.mArray();
        double[] a = s.aArray();
        c.pack(q, m, a, x);
        c.unpack(x, q, m, a);
        return new OverlapState(problem.p(), problem.k(), q, m, s.teacherArray(), a);
    }

    private static double[] tangent(Drift drift, MeanFieldCoordinates c, OverlapState s) {
        int p = s.p();
        int k = s.k();
        double[] dq = new double[p * p];
        double[] dm = new double[p * k];
        double[] da = new double[p];
        drift.evaluate(s.qArray(), s.mArray(), s.aArray(), dq, dm, da);
        double[] dx = new double[c.dimension()];
        c.tangent(s.qArray(), s.mArray(), dq, dm, da, dx);
        return dx;
    }

    /** Mean |w_sig|, test error (GE) and max_{j≠l} |Q⊥_jl|/√(Q⊥_jj Q⊥_ll) at t-max. */
    private static double[] endState(ModelSpec spec, Problem problem, OverlapState start) {
        double[][] out = new double[1][];
        var observables = dev.overlap.overlaps.Risks.observables(problem, spec.observe().signalHeavyRatio(),
                dev.overlap.overlaps.Risks.of(problem, spec.run().qmcPoints()), null);
        Trial.of(spec, EngineKind.ODE).ode().integrate(start, (step, t, s) -> {
            int p = s.p;
            double worst = 0;
            for (int j = 0; j < p; j++) {
                for (int l = j + 1; l < p; l++) {
                    double ojl = s.q[j * p + l] - dot(s.m, j, l, s.k);
                    double ojj = s.q[j * p + j] - dot(s.m, j, j, s.k);
                    double oll = s.q[l * p + l] - dot(s.m, l, l, s.k);
                    worst = Math.max(worst, Math.abs(ojl) / Math.sqrt(ojj * oll));
                }
            }
            out[0] = new double[] {meanSignal(s.snapshot()), ((XorObservables) observables).error(s), worst};
            return true;
        });
        return out[0];
    }

    private static double dot(double[] m, int j, int l, int k) {
        double s = 0;
        for (int r = 0; r < k; r++) {
            s += m[j * k + r] * m[l * k + r];
        }
        return s;
    }

    private static double meanSignal(OverlapState s) {
        int p = s.p();
        double[] sig = new double[p];
        XorObservables.neurons(s.qArray(), s.mArray(), s.aArray(), sig, new double[p], new double[p]);
        double mean = 0;
        for (double v : sig) {
            mean += v / p;
        }
        return mean;
    }

    private static double[] shift(double[] x, double[] dx, double h) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += h * dx[i];
        }
        return y;
    }
}

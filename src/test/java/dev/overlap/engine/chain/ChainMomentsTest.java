package dev.overlap.engine.chain;

import dev.overlap.experiment.Models;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.TestModels;
import dev.overlap.engine.InitialConditions;
import dev.overlap.engine.Seeds;
import dev.overlap.engine.TimeAxis;
import dev.overlap.engine.ode.Drift;
import dev.overlap.engine.ode.Drifts;
import dev.overlap.engine.ode.IncrementCovariance;
import dev.overlap.engine.ode.StateLayout;
import dev.overlap.engine.Start;
import dev.overlap.overlaps.OverlapState;
import dev.overlap.problem.Problem;
import dev.overlap.modelfile.ModelSpec;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ChainMomentsTest {

    /** One chain step from {@code start}; fills the increment ΔX in layout order. */
    private static void oneStep(ChainEngine chain, OverlapState start, RandomGenerator rng, StateLayout layout,
                                double[] before, double[] delta) {
        chain.run(Start.of(start), rng, (step, t, s) -> {
            if (step == 1) {
                layout.pack(s.q, s.m, s.a, delta);
                for (int u = 0; u < delta.length; u++) {
                    delta[u] -= before[u];
                }
            }
            return true;
        });
    }

    /**
     * Mean and covariance of one chain increment at d = 10⁵ (erf network, second layer trained, no
     * projection) against the drift × τ and η² Cov[H]: 200 000 steps; tolerances of 5 standard errors
     * (estimated from the same samples) plus 2e-3 of the entry's scale for the Sobol quadrature and
     * the O(1/d) terms the limit drops.
     */
    @Test
    void oneStepMomentsMatchDriftAndDiffusion() {
        ModelSpec spec = TestModels.phaseRetrieval("d", "100000", "student.p", "2", "student.activation", "erf",
                "teacher.activation", "erf", "teacher.noise", "0.01", "training.spherical", "false",
                "training.learning-rate", "0.5", "student.second-layer", "trained",
                "training.second-layer-learning-rate", "5e-6", "initial.kind", "overlaps",
                "initial.M", "[[0.3], [-0.2]]", "initial.Q", "[[1.0, 0.2], [0.2, 0.8]]", "initial.a", "[1.0, 0.7]");
        Problem problem = TestModels.problem(spec);
        OverlapState s0 = TestModels.start(spec).overlaps();
        double[] teacher = s0.teacherArray();
        ChainEngine chain = new ChainEngine(problem, new TimeAxis(TimeAxis.Unit.STEPS, 1), 1);
        IncrementCovariance covariance = Drifts.covariance(problem, Models.numerics(spec));
        StateLayout layout = covariance.layout();
        int n = layout.dimension();
        double eta = problem.fieldRate();
        double tau = TimeAxis.natural(problem).perStep();
        double[] before = new double[n];
        layout.pack(s0.qArray(), s0.mArray(), s0.aArray(), before);
        int samples = 200_000;
        double[] h = new double[n];
        double[] sum = new double[n];
        double[] sum2 = new double[n * n];
        double[] sum4 = new double[n * n];
        RandomGenerator rng = Seeds.replica(5, 0);
        for (int i = 0; i < samples; i++) {
            oneStep(chain, s0, rng, layout, before, h);
            for (int u = 0; u < n; u++) {
                h[u] /= eta;
                sum[u] += h[u];
            }
            for (int u = 0; u < n; u++) {
                for (int v = 0; v < n; v++) {
                    double x = h[u] * h[v];
                    sum2[u * n + v] += x;
                    sum4[u * n + v] += x * x;
                }
            }
        }
        double[] dq = new double[4];
        double[] dm = new double[2];
        double[] da = new double[2];
        new Drift(problem, Drifts.moments(problem, Models.numerics(spec)), true).evaluate(s0.qArray(), s0.mArray(), s0.aArray(),
                dq, dm, da);
        double[] drift = new double[n];
        layout.pack(dq, dm, da, drift);
        double[] cov = new double[n * n];
        covariance.compute(s0.qArray(), s0.mArray(), s0.aArray(), cov);
        for (int u = 0; u < n; u++) {
            double mean = sum[u] / samples;
            double se = Math.sqrt((sum2[u * n + u] / samples - mean * mean) / samples);
            double expected = drift[u] * tau / eta;
            assertEquals(expected, mean, 5 * se + 2e-3 * Math.abs(expected), "mean increment " + u);
            for (int v = 0; v < n; v++) {
                double second = sum2[u * n + v] / samples;
                double c = second - mean * sum[v] / samples;
                double seC = Math.sqrt((sum4[u * n + v] / samples - second * second) / samples);
                double scale = Math.sqrt(Math.abs(cov[u * n + u] * cov[v * n + v]));
                assertEquals(cov[u * n + v], c, 5 * seC + 2e-3 * scale, "Cov[H] " + u + "," + v);
            }
        }
    }

    /**
     * p = 1 at m = 0 (spherical, d = 10⁴): the per-step variance of the m increment is
     * (γ/d)²(48 + 4Δ) (SCIENCE.md §3). 10⁶ steps; 5 standard errors of the sample variance (from its
     * fourth moment) plus 1e-3 relative for the O(γ/d) effect of the renormalisation.
     */
    @Test
    void mIncrementVarianceAtMediocrity() {
        double noise = 0.3;
        ModelSpec spec = TestModels.phaseRetrieval("d", "10000", "teacher.noise", Double.toString(noise),
                "initial.kind", "overlaps", "initial.M", "[[0.0]]", "initial.Q", "[[1.0]]");
        Problem problem = TestModels.problem(spec);
        OverlapState s0 = TestModels.start(spec).overlaps();
        ChainEngine chain = new ChainEngine(problem, new TimeAxis(TimeAxis.Unit.STEPS, 1), 1);
        RandomGenerator rng = Seeds.replica(9, 0);
        int samples = 1_000_000;
        double[] dm = new double[1];
        double s2 = 0;
        double s4 = 0;
        for (int i = 0; i < samples; i++) {
            chain.run(Start.of(s0), rng, (step, t, s) -> {
                dm[0] = s.m[0];
                return true;
            });
            double x = dm[0] * dm[0];
            s2 += x;
            s4 += x * x;
        }
        double var = s2 / samples;
        double se = Math.sqrt((s4 / samples - var * var) / samples);
        double gd = 0.1 / 10000;
        double expected = gd * gd * (48 + 4 * noise);
        assertEquals(expected, var, 5 * se + 1e-3 * expected);
        assertTrue(se < 0.02 * expected, "the test resolves 2 %: se/expected = " + se / expected);
    }
}

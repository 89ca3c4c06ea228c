package dev.overlap.engine.ode;

import dev.overlap.experiment.Models;
import dev.overlap.engine.Start;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overlap.TestModels;
import dev.overlap.engine.InitialConditions;
import dev.overlap.engine.Seeds;
import dev.overlap.engine.TimeAxis;
import dev.overlap.engine.Weights;
import dev.overlap.engine.sgd.SgdEngine;
import dev.overlap.overlaps.OverlapState;
import dev.overlap.problem.Problem;
import dev.overlap.spec.Kinds;
import dev.overlap.spec.ModelSpec;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class DriftVersusSgdTest {
    private static final int REPLICAS = 60_000;

    /**
     * The generic drift (erf network, Sobol points) against the mean of 60 000 one-step sgd increments
     * from one state at d = 1000, each divided by the natural time of a step. Tolerance: 4.5 standard
     * errors of the mean (two-sided false-failure rate ~1e-5 per entry) plus 1e-3 for the Sobol error
     * and the O(1/d) terms the d → ∞ drift drops.
     */
    @Test
    void genericDriftIsTheMeanSgdIncrement() {
        ModelSpec spec = TestModels.phaseRetrieval("d", "1000", "student.p", "2", "student.activation", "erf",
                "teacher.activation", "erf", "teacher.noise", "0.01", "training.spherical", "false",
                "training.learning-rate", "0.5", "student.second-layer", "trained",
                "training.second-layer-learning-rate", "5e-4", "initial.kind", "overlaps",
                "initial.M", "[[0.3], [-0.2]]", "initial.Q", "[[1.0, 0.2], [0.2, 0.8]]", "initial.a", "[1.0, 0.7]");
        Problem problem = TestModels.problem(spec);
        Start start = TestModels.start(spec);
        OverlapState s0 = start.overlaps();
        double tau = problem.learningRate() / (problem.p() * (double) problem.d());
        SgdEngine oneStep = new SgdEngine(problem, new TimeAxis(TimeAxis.Unit.STEPS, 1), 1);
        RandomGenerator rng = Seeds.replica(11, 0);
        int n = 4 + 2 + 2; // q11, q12, q22, m1, m2, a1, a2 (+ spare)
        double[] sum = new double[n];
        double[] sum2 = new double[n];
        double[] inc = new double[n];
        for (int i = 0; i < REPLICAS; i++) {
            oneStep.run(start.copy(), rng, (step, t, st) -> {
                if (step == 1) {
                    inc[0] = st.q[0] - s0.q(0, 0);
                    inc[1] = st.q[1] - s0.q(0, 1);
                    inc[2] = st.q[3] - s0.q(1, 1);
                    inc[3] = st.m[0] - s0.m(0, 0);
                    inc[4] = st.m[1] - s0.m(1, 0);
                    inc[5] = st.a[0] - s0.a(0);
                    inc[6] = st.a[1] - s0.a(1);
                }
                return true;
            });
            for (int c = 0; c < 7; c++) {
                double v = inc[c] / tau;
                sum[c] += v;
                sum2[c] += v * v;
            }
        }
        Drift drift = new Drift(problem, Drifts.moments(problem, Models.numerics(spec)), true);
        double[] dq = new double[4];
        double[] dm = new double[2];
        double[] da = new double[2];
        drift.evaluate(s0.qArray(), s0.mArray(), s0.aArray(), dq, dm, da);
        double[] expected = {dq[0], dq[1], dq[3], dm[0], dm[1], da[0], da[1]};
        String[] names = {"dQ11", "dQ12", "dQ22", "dM1", "dM2", "da1", "da2"};
        for (int c = 0; c < 7; c++) {
            double mean = sum[c] / REPLICAS;
            double se = Math.sqrt((sum2[c] / REPLICAS - mean * mean) / REPLICAS);
            assertEquals(expected[c], mean, 4.5 * se + 1e-3, names[c] + ": sgd mean " + mean + " +- " + se);
        }
    }
}

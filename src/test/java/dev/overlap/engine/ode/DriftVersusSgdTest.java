package dev.overlap.engine.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.TestModels;
import dev.overlap.engine.Seeds;
import dev.overlap.engine.Start;
import dev.overlap.engine.TimeAxis;
import dev.overlap.engine.sgd.SgdEngine;
import dev.overlap.experiment.Models;
import dev.overlap.overlaps.OverlapState;
import dev.overlap.problem.Problem;
import dev.overlap.modelfile.ModelSpec;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
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

    /**
     * A batch of B = 40 with raw preactivations (η = γ) at d = 40: the quadratic increment's b ≠ c part,
     * η²(1 − 1/B) E[Gφᵀ]Ω⁻¹E[φGᵀ], is as large as its b = c part (their ratio is B/d). The drift must match
     * the mean of 20 000 one-step sgd increments of Q within 4.5 standard errors plus 5 % of that term (the
     * b = c part replaces |x_b|² by d, off by O(1) of d, which is O(1/B) of the b ≠ c term here); and the drift
     * without the term — computed here independently, with commons-math's inverse of Ω — must miss by far more.
     */
    @Test
    void batchedDriftKeepsTheSquaredMeanGradient() {
        ModelSpec spec = TestModels.phaseRetrieval("d", "40", "student.p", "2", "student.activation", "erf",
                "teacher.activation", "erf", "teacher.noise", "0.01", "training.spherical", "false",
                "student.preactivation", "raw", "training.batch", "40", "training.learning-rate", "0.1",
                "initial.kind", "overlaps", "initial.M", "[[0.5], [-0.3]]", "initial.Q", "[[1.0, 0.3], [0.3, 0.8]]");
        Problem problem = TestModels.problem(spec);
        Start start = TestModels.start(spec);
        OverlapState s0 = start.overlaps();
        double tau = problem.naturalTimePerStep();
        SgdEngine oneStep = new SgdEngine(problem, new TimeAxis(TimeAxis.Unit.STEPS, 1), 1);
        RandomGenerator rng = Seeds.replica(12, 0);
        int n = 20_000;
        double[] sum = new double[3];
        double[] sum2 = new double[3];
        for (int i = 0; i < n; i++) {
            double[] inc = new double[3];
            oneStep.run(start.copy(), rng, (step, t, st) -> {
                if (step == 1) {
                    inc[0] = (st.q[0] - s0.q(0, 0)) / tau;
                    inc[1] = (st.q[1] - s0.q(0, 1)) / tau;
                    inc[2] = (st.q[3] - s0.q(1, 1)) / tau;
                }
                return true;
            });
            for (int c = 0; c < 3; c++) {
                sum[c] += inc[c];
                sum2[c] += inc[c] * inc[c];
            }
        }
        MomentSource moments = Drifts.moments(problem, Models.numerics(spec));
        double[] dq = new double[4];
        new Drift(problem, moments, true).evaluate(s0.qArray(), s0.mArray(), s0.aArray(), dq, new double[2], new double[2]);
        double[] term = squaredMeanGradient(problem, moments, s0);
        int[] entry = {0, 1, 3};
        for (int c = 0; c < 3; c++) {
            double mean = sum[c] / n;
            double se = Math.sqrt((sum2[c] / n - mean * mean) / n);
            double with = dq[entry[c]];
            double without = with - term[entry[c]];
            assertEquals(with, mean, 4.5 * se + 0.05 * Math.abs(term[entry[c]]), "dQ entry " + c + ": sgd " + mean + " +- " + se);
            assertTrue(Math.abs(without - mean) > 8 * se, "without the b != c term the drift still fits: " + without
                    + " vs " + mean + " +- " + se);
        }
    }

    /** η²(1 − 1/B)/τ · K Ω⁻¹ Kᵀ, K = (E[Gλᵀ], E[Gνᵀ]), with Ω inverted by commons-math (an independent check). */
    private static double[] squaredMeanGradient(Problem problem, MomentSource moments, OverlapState s) {
        int p = problem.p();
        int k = problem.k();
        IncrementMoments im = new IncrementMoments(p, k);
        moments.compute(s.qArray(), s.mArray(), s.aArray(), im);
        RealMatrix omega = MatrixUtils.createRealMatrix(p + k, p + k);
        RealMatrix kk = MatrixUtils.createRealMatrix(p, p + k);
        for (int j = 0; j < p; j++) {
            for (int l = 0; l < p; l++) {
                omega.setEntry(j, l, s.q(j, l));
                kk.setEntry(j, l, im.gLambda[j * p + l]);
            }
            for (int r = 0; r < k; r++) {
                omega.setEntry(j, p + r, s.m(j, r));
                omega.setEntry(p + r, j, s.m(j, r));
                kk.setEntry(j, p + r, im.gNu[j * k + r]);
            }
        }
        for (int r = 0; r < k; r++) {
            omega.setEntry(p + r, p + r, 1);
        }
        double eta = problem.fieldRate();
        double coefficient = eta * eta * (1 - 1.0 / problem.batch()) / problem.naturalTimePerStep();
        RealMatrix t = kk.multiply(MatrixUtils.inverse(omega)).multiply(kk.transpose()).scalarMultiply(coefficient);
        double[] out = new double[p * p];
        for (int j = 0; j < p; j++) {
            for (int l = 0; l < p; l++) {
                out[j * p + l] = t.getEntry(j, l);
            }
        }
        return out;
    }
}

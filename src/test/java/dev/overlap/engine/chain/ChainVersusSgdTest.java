package dev.overlap.engine.chain;

import dev.overlap.experiment.Models;
import dev.overlap.engine.Start;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.TestModels;
import dev.overlap.engine.Engine;
import dev.overlap.engine.InitialConditions;
import dev.overlap.engine.Seeds;
import dev.overlap.engine.TimeAxis;
import dev.overlap.engine.sgd.SgdEngine;
import dev.overlap.exit.ExitCriteria;
import dev.overlap.exit.ExitDetector;
import dev.overlap.overlaps.Risks;
import dev.overlap.problem.Problem;
import dev.overlap.modelfile.ModelSpec;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/**
 * The chain has the same law as the full network's overlaps (SCIENCE.md §4). Two-sample
 * Kolmogorov–Smirnov tests with fixed seeds: a correct chain fails one at level 0.01 with probability
 * 0.01 per comparison, a chain off by a fraction of a standard deviation fails nearly always at
 * these sample sizes.
 */
class ChainVersusSgdTest {

    @Test
    void overlapsAfterFixedStepsHaveTheSameLaw() {
        ModelSpec spec = TestModels.phaseRetrieval("d", "200", "student.p", "2", "run.t-max", "0.6");
        Problem problem = TestModels.problem(spec);
        Start start = TestModels.start(spec);
        TimeAxis time = TimeAxis.natural(problem);
        int replicas = 400;
        double[][] sgd = finalOverlaps(new SgdEngine(problem, time, 0.6), start, replicas, 101);
        double[][] chain = finalOverlaps(new ChainEngine(problem, time, 0.6), start,
                replicas, 202);
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        double pM = ks.kolmogorovSmirnovTest(sgd[0], chain[0]);
        double pQ = ks.kolmogorovSmirnovTest(sgd[1], chain[1]);
        assertTrue(pM > 0.01, "m_1: KS p = " + pM);
        assertTrue(pQ > 0.01, "q_12: KS p = " + pQ);
    }

    /**
     * Mini-batches (B = 16): the chain's p×p Wishart construction of K = Σ_bc (x_b·x_c) G_b G_cᵀ against
     * sgd averaging 16 real inputs per step. A large learning rate makes the quadratic term matter.
     */
    @Test
    void batchedOverlapsHaveTheSameLaw() {
        ModelSpec spec = TestModels.phaseRetrieval("d", "100", "student.p", "3", "training.batch", "16",
                "training.learning-rate", "0.6", "run.t-max", "0.5");
        Problem problem = TestModels.problem(spec);
        Start start = TestModels.start(spec);
        TimeAxis time = TimeAxis.natural(problem);
        double[][] sgd = finalOverlaps(new SgdEngine(problem, time, 0.5), start, 400, 303);
        double[][] chain = finalOverlaps(new ChainEngine(problem, time, 0.5), start, 400,
                404);
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        double pM = ks.kolmogorovSmirnovTest(sgd[0], chain[0]);
        double pQ = ks.kolmogorovSmirnovTest(sgd[1], chain[1]);
        assertTrue(pM > 0.01, "m_1: KS p = " + pM);
        assertTrue(pQ > 0.01, "q_12: KS p = " + pQ);
    }

    /**
     * Width 50 (γ/p = 0.1), where the chain updates its factor in O(p²) and refactors every 200 steps: the
     * overlaps after 900 steps against sgd's, 300 replicas each.
     */
    @Test
    void wideOverlapsHaveTheSameLaw() {
        ModelSpec spec = TestModels.phaseRetrieval("d", "300", "student.p", "50", "training.learning-rate", "5",
                "run.t-max", "0.3");
        Problem problem = TestModels.problem(spec);
        Start start = TestModels.start(spec);
        TimeAxis time = TimeAxis.natural(problem);
        double[][] sgd = finalOverlaps(new SgdEngine(problem, time, 0.3), start, 300, 505);
        double[][] chain = finalOverlaps(new ChainEngine(problem, time, 0.3), start, 300, 606);
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        double pM = ks.kolmogorovSmirnovTest(sgd[0], chain[0]);
        double pQ = ks.kolmogorovSmirnovTest(sgd[1], chain[1]);
        assertTrue(pM > 0.01, "m_1: KS p = " + pM);
        assertTrue(pQ > 0.01, "q_12: KS p = " + pQ);
    }

    /** m_1 and q_12 at t-max for each replica. */
    private static double[][] finalOverlaps(Engine engine, Start start, int replicas, long seed) {
        double[][] out = new double[2][replicas];
        for (int i = 0; i < replicas; i++) {
            int replica = i;
            engine.run(start.copy(), Seeds.replica(seed, i), (step, t, s) -> {
                out[0][replica] = s.m[0];
                out[1][replica] = s.q[1];
                return true;
            });
        }
        return out;
    }

    @Test
    void exitTimesHaveTheSameLaw() {
        ModelSpec spec = TestModels.phaseRetrieval("d", "300", "run.t-max", "10", "exit.stop", "true");
        Problem problem = TestModels.problem(spec);
        Start start = TestModels.start(spec);
        TimeAxis time = TimeAxis.natural(problem);
        int replicas = 200;
        double[] sgd = exitTimes(spec, problem, new SgdEngine(problem, time, 10), start, replicas, 7);
        double[] chain = exitTimes(spec, problem, new ChainEngine(problem, time, 10), start, replicas, 8);
        double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(sgd, chain);
        assertTrue(p > 0.01, "exit times: KS p = " + p);
    }

    static double[] exitTimes(ModelSpec spec, Problem problem, Engine engine, Start start, int replicas, long seed) {
        double[] times = new double[replicas];
        for (int i = 0; i < replicas; i++) {
            ExitDetector exit = ExitCriteria.detector(Models.exit(spec.exit()), Risks.of(problem, spec.run().qmcPoints()));
            engine.run(start.copy(), Seeds.replica(seed, i), exit);
            times[i] = exit.exitTime().orElse(Double.POSITIVE_INFINITY);
        }
        return times;
    }
}

package dev.overlap.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.overlap.TestModels;
import dev.overlap.theory.ClosedForm;
import dev.overlap.exit.ExitDetector;
import dev.overlap.exit.ExitCriteria;
import dev.overlap.experiment.Trial;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every engine promises, checked on each {@link EngineKind} (after Hipparchus' abstract integrator
 * tests: one suite, each implementation supplies only its sizes and tolerances, in {@link Contract}).
 */
class EngineContractTest {

    /**
     * What differs between the engines in these tests.
     *
     * @param closedFormD     dimension of the p = 1 closed-form check
     * @param replicas        replicas averaged there (1 for the deterministic ODE)
     * @param tolerance       relative tolerance on the mean exit time there, and why it is what it is
     * @param allocationSteps steps of the short and long runs of the allocation check, or null when exempt
     */
    record Contract(int closedFormD, int replicas, double tolerance, long[] allocationSteps) {
        static Contract of(EngineKind kind) {
            return switch (kind) {
                // From m0 = 0.2 the effective-start noise σ_eff ≈ √(γ s²/(2λd)) is 0.027 at d = 2000: a replica's
                // exit time scatters by ≈ σ_eff/(m0 λ) ≈ 0.085 around ≈ 1.0 and the mean of 40 by 1.4 %; the bias
                // of the mean from that noise is ≈ σ_eff²/(2 m0² λ) ≈ 0.6 %. 6 % is four standard errors above it.
                case SGD -> new Contract(2000, 40, 0.06, new long[] {10_000, 50_000});
                // At d = 10⁵ the scatter of the mean of 20 is 0.4 % and the bias 0.01 %: 2 % is five standard errors.
                case CHAIN -> new Contract(100_000, 20, 0.02, new long[] {10_000, 50_000});
                // As the chain, plus Euler's weak error O(dt) = O(10⁻³) relative.
                case SDE -> new Contract(100_000, 20, 0.02, new long[] {1_000, 9_000});
                // Integrator tolerance 1e-10 and event location 1e-13; the ODE's steps are Hipparchus', which
                // allocate their state and interpolators every step (the OrdinaryDifferentialEquation interface
                // returns a new derivative array), so the ODE is not held to the no-allocation contract.
                case ODE -> new Contract(100_000, 1, 1e-8, null);
            };
        }
    }

    private static Trial trial(EngineKind kind, String... overrides) {
        return Trial.of(TestModels.phaseRetrieval(overrides), kind);
    }

    /** The first observation is step 0 at t = 0, in exactly the start's overlaps. */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void stepZeroIsObservedInTheStartState(EngineKind kind) {
        Trial t = trial(kind, "student.p", "2");
        Start start = t.start();
        List<double[]> seen = new ArrayList<>();
        t.engine().run(start.copy(), Seeds.replica(1, 0), (step, time, s) -> {
            seen.add(new double[] {step, time, s.q[1], s.m[1]});
            return false;
        });
        assertEquals(1, seen.size(), "false at step 0 ends the run");
        assertArrayEquals(new double[] {0, 0, start.overlaps().q(0, 1), start.overlaps().m(1, 0)}, seen.get(0));
    }

    /** An observer that returns false stops the run there: no further observation, that step returned. */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void anObserversFalseStopsTheRun(EngineKind kind) {
        Trial t = trial(kind);
        List<Long> steps = new ArrayList<>();
        long last = t.engine().run(t.start(), Seeds.replica(1, 0), (step, time, s) -> {
            steps.add(step);
            return steps.size() < 4;
        });
        assertEquals(4, steps.size());
        assertEquals(steps.get(3), last);
        assertTrue(last < t.time().steps(t.tMax()), "stopped before t-max");
    }

    /**
     * exit.stop ends {@code overlap run} at the exit for every engine: the recorded trajectory goes no further than the
     * first recording after the exit (the recorder alone would go on to t-max = 50, as it did for sgd, the chain and the
     * SDE before it was so; removing Observer.until from Trial.run fails this for them, shown).
     */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void exitStopEndsTheRunAtItsExit(EngineKind kind) {
        Trial t = trial(kind, "d", "1000", "exit.stop", "true", "run.t-max", "50", "run.ode-step", "0.01");
        Trial.Outcome o = t.runOnce(dev.overlap.engine.Observer.NONE);
        double exit = o.exitTime().orElseThrow();
        double last = o.rows().get(o.rows().size() - 1)[0];
        assertTrue(exit < 5, kind + " exits early: " + exit);
        assertTrue(last <= exit + 0.1, kind + ": recorded to t = " + last + " after its exit at " + exit);
        double free = trial(kind, "d", "1000", "exit.stop", "false", "run.t-max", "50", "run.ode-step", "0.01")
                .runOnce(dev.overlap.engine.Observer.NONE).rows().stream().mapToDouble(r -> r[0]).max().orElseThrow();
        assertTrue(free > 49, kind + ": without exit.stop the run goes on to t-max, got " + free);
    }

    /** Same seed, same path; another seed, another path (for the random engines). */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void sameSeedSamePath(EngineKind kind) {
        Trial t = trial(kind, "student.p", "2");
        Start start = t.start();
        List<double[]> a = path(t, start, 3);
        List<double[]> b = path(t, start, 3);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i));
        }
        List<double[]> c = path(t, start, 4);
        double[] endA = a.get(a.size() - 1);
        double[] endC = c.get(c.size() - 1);
        assertEquals(kind.deterministic(), endA[2] == endC[2] && endA[3] == endC[3]);
    }

    private static List<double[]> path(Trial t, Start start, long seed) {
        List<double[]> rows = new ArrayList<>();
        t.engine().run(start.copy(), Seeds.replica(seed, 0), (step, time, s) -> {
            rows.add(new double[] {step, time, s.m[0], s.q[1]});
            return true;
        });
        return rows;
    }

    /** A run whose overlaps blow up throws, naming the engine and the step (the ODE the time, maybe inside step 1). */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void divergenceThrowsNamingEngineAndStep(EngineKind kind) {
        Trial t = trial(kind, "training.spherical", "false", "training.learning-rate", "50", "run.t-max", "10");
        DivergenceException e = assertThrows(DivergenceException.class,
                () -> t.engine().run(t.start(), Seeds.replica(1, 0), (step, time, s) -> true));
        assertTrue(e.getMessage().startsWith(kind.label() + " run diverged at " + (kind == EngineKind.ODE ? "t = " : "step ")),
                e.getMessage());
    }

    /**
     * No allocation in the step loop: the bytes a run allocates do not grow with its length. The bound of
     * 64 kB leaves room for JIT and class-loading noise but not for 8 bytes per step over the 8 000 or more
     * extra steps. One SDE step is one SGD step here (sde-dt 1 in steps), and p = 2 without label noise keeps
     * its covariance quadrature small.
     */
    @ParameterizedTest
    @EnumSource(value = EngineKind.class, names = {"SGD", "CHAIN", "SDE"})
    void stepLoopDoesNotAllocate(EngineKind kind) {
        long[] n = Contract.of(kind).allocationSteps();
        for (String batch : new String[] {"1", "3"}) {
            Trial t = trial(kind, "d", "2000", "student.p", "2", "training.batch", batch, "student.second-layer", "trained",
                    "teacher.noise", "0", "run.time-unit", "steps", "run.t-max", "1e9", "run.sde-dt", "1");
            Start start = t.start();
            ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            long[] bytes = new long[2];
            for (int repeat = 0; repeat < 3; repeat++) { // the last repeat runs compiled code
                for (int i = 0; i < 2; i++) {
                    Engine engine = t.engine();
                    Start own = start.copy();
                    long steps = n[i];
                    long before = threads.getThreadAllocatedBytes(id);
                    engine.run(own, Seeds.replica(1, 0), (step, time, s) -> step < steps);
                    bytes[i] = threads.getThreadAllocatedBytes(id) - before;
                }
            }
            long extra = bytes[1] - bytes[0];
            assertTrue(extra < 64 * 1024, kind + " batch " + batch + ": " + (n[1] - n[0]) + " extra steps allocated "
                    + extra + " bytes");
        }
    }

    /**
     * p = 1 phase retrieval from m0 = 0.2 (off mediocrity, so the noise only perturbs): the mean exit time,
     * to R ≤ 0.5 R(0), against the closed-form ODE solution, within each engine's tolerance.
     */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void meanExitTimeMeetsTheP1ClosedForm(EngineKind kind) {
        Contract c = Contract.of(kind);
        Trial t = trial(kind, "d", Integer.toString(c.closedFormD()), "initial.kind", "overlaps", "initial.M", "[[0.2]]",
                "initial.Q", "[[1.0]]", "exit.threshold", "0.5", "run.t-max", "5");
        double expected = ClosedForm.phaseRetrievalExit(0.1, 1e-4, 0.2, 0.5);
        Start start = t.start();
        double sum = 0;
        for (int i = 0; i < c.replicas(); i++) {
            ExitDetector exit = ExitCriteria.detector(t.exit().withStop(true), t.risk());
            t.engine().run(start.copy(), Seeds.replica(11, i), exit);
            sum += exit.exitTime().orElseThrow();
        }
        double mean = sum / c.replicas();
        assertEquals(expected, mean, c.tolerance() * expected, kind + ": mean exit " + mean + " vs " + expected);
        assertFalse(Double.isNaN(mean));
    }
}

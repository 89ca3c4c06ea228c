package dev.overlap.engine.sde;

import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.Trial;
import dev.overlap.experiment.Models;
import dev.overlap.engine.Start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.TestModels;
import dev.overlap.engine.Engine;
import dev.overlap.engine.InitialConditions;
import dev.overlap.engine.Seeds;
import dev.overlap.engine.ode.OdeEngine;
import dev.overlap.problem.Problem;
import dev.overlap.modelfile.ModelSpec;
import org.junit.jupiter.api.Test;

class SdeEngineTest {

    private static ModelSpec model(double dt) {
        return TestModels.phaseRetrieval("d", "100000", "run.t-max", "1", "run.sde-dt", Double.toString(dt),
                "initial.kind", "overlaps", "initial.M", "[[0.05]]", "initial.Q", "[[1.0]]");
    }

    private static double meanFinalM(double dt, int replicas, long seed) {
        ModelSpec spec = model(dt);
        Problem problem = TestModels.problem(spec);
        Start start = TestModels.start(spec);
        Engine sde = Trial.of(spec, EngineKind.SDE).engine();
        double sum = 0;
        double[] last = new double[1];
        for (int i = 0; i < replicas; i++) {
            sde.run(start, Seeds.replica(seed, i), (step, t, s) -> {
                last[0] = s.m[0];
                return true;
            });
            sum += last[0];
        }
        return sum / replicas;
    }

    /**
     * Weak order one: the error of E[m(1)] against the ODE (the d → ∞ mean, exact here up to O(1/d))
     * is proportional to dt. At d = 10⁵ the Monte Carlo error of 3000 replicas is ~4e-4 against Euler
     * errors of 3e-3 to 1.3e-2, so err/dt agrees across dt = 0.04, 0.02, 0.01 within 30 %.
     */
    @Test
    void meanConvergesLinearlyInDt() {
        ModelSpec spec = model(0.01);
        Problem problem = TestModels.problem(spec);
        Start start = TestModels.start(spec);
        double[] exact = new double[1];
        Trial.of(spec, EngineKind.ODE).ode().run(start, null, (step, t, s) -> {
            exact[0] = s.m[0];
            return true;
        });
        double[] dts = {0.04, 0.02, 0.01};
        double[] slope = new double[3];
        for (int i = 0; i < 3; i++) {
            slope[i] = (meanFinalM(dts[i], 3000, 40 + i) - exact[0]) / dts[i];
        }
        assertTrue(Math.abs(slope[0]) > 0.1, "Euler bias is visible: " + slope[0]);
        assertEquals(slope[0], slope[1], 0.3 * Math.abs(slope[0]), "err/dt at 0.04 vs 0.02");
        assertEquals(slope[0], slope[2], 0.3 * Math.abs(slope[0]), "err/dt at 0.04 vs 0.01");
    }

    /** A blow-up stops the run with a one-line error naming the step and the time. */
    @Test
    void blowUpNamesStepAndTime() {
        ModelSpec spec = TestModels.phaseRetrieval("training.spherical", "false", "training.learning-rate", "50",
                "run.sde-dt", "0.01");
        Problem problem = TestModels.problem(spec);
        Start start = TestModels.start(spec);
        Engine sde = Trial.of(spec, EngineKind.SDE).engine();
        dev.overlap.engine.DivergenceException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.overlap.engine.DivergenceException.class, () -> sde.run(start, Seeds.replica(1, 0), (st, t, s) -> true));
        assertTrue(e.getMessage().matches("sde run diverged at step \\d+ \\(t = .*\\): .*"), e.getMessage());
    }
}

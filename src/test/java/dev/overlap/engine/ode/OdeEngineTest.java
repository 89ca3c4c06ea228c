package dev.overlap.engine.ode;

import dev.overlap.experiment.Models;
import dev.overlap.engine.Start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.TestModels;
import dev.overlap.engine.InitialConditions;
import dev.overlap.engine.Weights;
import dev.overlap.theory.ClosedForm;
import dev.overlap.engine.EngineKind;
import dev.overlap.engine.Observer;
import dev.overlap.experiment.Trial;
import dev.overlap.problem.Problem;
import dev.overlap.modelfile.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OdeEngineTest {

    /**
     * p = 1 phase retrieval: the ODE's risk-drop exit time against {@link ClosedForm#phaseRetrievalExit}.
     * The integrator works to 1e-10 relative and the event solver to 1e-13, so 1e-8 is the bound.
     */
    @ParameterizedTest(name = "gamma={0} m0={1} noise={2}")
    @CsvSource({"0.1, 0.0185, 1e-4", "0.05, 0.001, 0.0", "0.01, 0.2, 0.5", "0.15, 0.03, 1e-2"})
    void exitTimeEqualsTheClosedFormAtP1(double gamma, double m0, double noise) {
        ModelSpec spec = TestModels.phaseRetrieval("training.learning-rate", Double.toString(gamma),
                "teacher.noise", Double.toString(noise), "initial.kind", "overlaps", "initial.M", "[[" + m0 + "]]",
                "initial.Q", "[[1.0]]", "run.t-max", "200", "exit.stop", "true");
        Trial.Outcome r = Trial.of(spec, EngineKind.ODE).runOnce(Observer.NONE);
        double expected = ClosedForm.phaseRetrievalExit(gamma, noise, m0, spec.exit().threshold());
        assertEquals(expected, r.exitTime().orElseThrow(), 1e-8);
    }

    /**
     * The spherical projection keeps Q_jj = 1 along the trajectory, to the integrator tolerance, over a
     * long run (t = 50) that starts at mediocrity, where a projection that does not conserve Q_jj exactly
     * lets round-off grow like e^{8t/p}.
     */
    @Test
    void sphericalConstraintHolds() {
        ModelSpec spec = TestModels.phaseRetrieval("student.p", "3", "d", "300", "run.t-max", "50",
                "initial.kind", "overlaps", "initial.M", "[[0.0], [0.0], [0.0]]",
                "initial.Q", "[[1.0, 0.05, 0.0], [0.05, 1.0, 0.1], [0.0, 0.1, 1.0]]");
        Problem problem = TestModels.problem(spec);
        Start start = TestModels.start(spec);
        double[] worst = {0};
        int[] seen = {0};
        Trial.of(spec, EngineKind.ODE).ode().run(start, null, (s, t, st) -> {
            for (int j = 0; j < 3; j++) {
                worst[0] = Math.max(worst[0], Math.abs(st.q[j * 3 + j] - 1));
            }
            seen[0]++;
            return true;
        });
        assertTrue(seen[0] > 10);
        assertTrue(worst[0] < 1e-8, "max |Q_jj - 1| = " + worst[0]);
    }

    /** Above the escape threshold (γ ≥ 1/6 at p = 1) the ODE never leaves mediocrity: no exit, not an error. */
    @Test
    void noEscapeAboveTheLearningRateThreshold() {
        ModelSpec spec = TestModels.phaseRetrieval("training.learning-rate", "0.2", "run.t-max", "20");
        Trial.Outcome r = Trial.of(spec, EngineKind.ODE).runOnce(Observer.NONE);
        assertTrue(r.exitTime().isEmpty());
        assertEquals(Math.round(20 * 200 / 0.2), r.steps());
    }

    /** Dense output lands on the recording grid: the recorded times are exactly the grid times. */
    @Test
    void trajectoryIsRecordedAtGridTimes() {
        ModelSpec spec = TestModels.phaseRetrieval("run.points-per-decade", "10");
        Trial.Outcome r = Trial.of(spec, EngineKind.ODE).runOnce(Observer.NONE);
        assertEquals(0.0, r.rows().get(0)[0]);
        for (double[] row : r.rows().subList(1, r.rows().size())) {
            double decades = Math.log10(row[0]) * 10;
            assertEquals(Math.rint(decades), decades, 1e-9, "t = " + row[0]);
        }
        assertEquals(1.0, r.rows().get(r.rows().size() - 1)[0], 1e-12);
    }

}

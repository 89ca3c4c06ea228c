package dev.overlap.theory;

import dev.overlap.experiment.Theory;
import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.Trial;
import dev.overlap.experiment.Models;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.TestModels;
import dev.overlap.engine.InitialConditions;
import dev.overlap.engine.TimeAxis;
import dev.overlap.engine.ode.OdeEngine;
import dev.overlap.overlaps.OverlapState;
import dev.overlap.problem.Problem;
import dev.overlap.modelfile.Kinds;
import dev.overlap.modelfile.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EscapeTheoryTest {

    private static EscapeTheory.EscapeRate rate(ModelSpec spec) {
        Problem problem = TestModels.problem(spec);
        OverlapState s0 = TestModels.start(spec).overlaps();
        OdeEngine ode = Trial.of(spec, EngineKind.ODE).ode();
        double tau = TimeAxis.natural(problem).perStep();
        return EscapeTheory.rate(ode.drift(), EscapeTheory.mediocrity(ode.drift(), s0, tau));
    }

    /** λ = 4(1 − 6γ) − 2γΔ at p = 1 (SCIENCE.md §3); central differences of a cubic drift are exact up to round-off. */
    @ParameterizedTest(name = "gamma={0} noise={1}")
    @CsvSource({"0.1, 1e-4", "0.02, 0.5", "0.16, 0.0", "0.25, 1e-4"})
    void escapeRateAtP1(double gamma, double noise) {
        ModelSpec spec = TestModels.phaseRetrieval("training.learning-rate", Double.toString(gamma),
                "teacher.noise", Double.toString(noise));
        assertEquals(4 * (1 - 6 * gamma) - 2 * gamma * noise, rate(spec).lambda(), 1e-8);
    }

    /** λ_p = 4 − 4(γ/p)(1 + 1/p + 4/p²) − 2(γ/p)Δ for the mean readout at Q = I (SCIENCE.md §3, general p). */
    @ParameterizedTest(name = "p={0}")
    @CsvSource({"2", "5", "10"})
    void escapeRateAtWidthP(int p) {
        double gamma = 0.3;
        double noise = 0.01;
        ModelSpec spec = TestModels.phaseRetrieval("student.p", Integer.toString(p), "d", "400",
                "training.learning-rate", Double.toString(gamma), "teacher.noise", Double.toString(noise));
        double g = gamma / p;
        double expected = 4 - 4 * g * (1 + 1.0 / p + 4.0 / (p * p)) - 2 * g * noise;
        assertEquals(expected, rate(spec).lambda(), 1e-8);
    }

    /** The per-sample variance of G ν at m = 0, p = 1, is 48 + 4Δ (so one step's m-increment has variance (γ/d)²(48 + 4Δ)). */
    @Test
    void incrementVarianceAtMediocrity() {
        ModelSpec spec = TestModels.phaseRetrieval("teacher.noise", "0.3");
        Theory.Prediction r = Theory.predict(spec, 1000, 20);
        assertEquals(48 + 4 * 0.3, r.incrementVar()[0], 1e-9);
        assertEquals(Math.log(1000) / (2 * r.lambda()), r.leading(), 1e-12);
        assertTrue(r.odeFromScale() > 0 && r.offset() < 0, "the 1 % risk drop comes before m = O(1)");
    }

    /** γ ≥ 1/6 at p = 1: λ ≤ 0, predictions are infinite and the ODE from the model's start never exits. */
    @Test
    void noEscapeAboveThreshold() {
        ModelSpec spec = TestModels.phaseRetrieval("training.learning-rate", "0.2", "run.t-max", "30");
        Theory.Prediction r = Theory.predict(spec, 1000, 5);
        assertTrue(r.lambda() < 0);
        assertTrue(Double.isInfinite(r.leading()));
        assertTrue(Double.isInfinite(r.odeFromStart()));
        assertEquals(5, r.notEscaped());
    }

    @Test
    void informationExponentOneIsRejected() {
        ModelSpec spec = TestModels.phaseRetrieval("teacher.activation", "erf", "student.activation", "erf",
                "training.spherical", "false");
        NoMediocrityException e = assertThrows(NoMediocrityException.class, () -> Theory.predict(spec, 500, 5));
        assertTrue(e.getMessage().startsWith("M = 0 is not a fixed point"), e.getMessage());
    }

}

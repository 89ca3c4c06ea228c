package dev.overlap.exit;

import dev.overlap.overlaps.Observables;
import dev.overlap.overlaps.PopulationRisk;
import dev.overlap.overlaps.QmcRisk;
import dev.overlap.overlaps.XorObservables;
import dev.overlap.spec.ExitSpec;
import dev.overlap.spec.ModelSpec;

/** Turns the model file's exit section into a detector. */
public final class ExitCriteria {
    private ExitCriteria() {
    }

    /**
     * risk-drop: R ≤ (1 − T)·R(0); overlap: max|M| ≥ T; error: test error ≤ T (needs a QMC risk, which
     * is what the model's risk is for ±1-label problems).
     */
    public static ExitDetector detector(ExitSpec spec, PopulationRisk risk) {
        return detector(spec, risk, Observables.NONE);
    }

    /** As {@link #detector(ExitSpec, PopulationRisk)}; for XOR the error is {@link XorObservables#error}. */
    public static ExitDetector detector(ExitSpec spec, PopulationRisk risk, Observables observables) {
        double th = spec.threshold();
        boolean stopAtExit = spec.stop();
        return switch (spec.criterion()) {
            case RISK_DROP -> new ExitDetector(s -> s.risk(risk), r0 -> (1 - th) * r0, stopAtExit);
            case OVERLAP -> new ExitDetector(s -> -s.maxAbsM(), v0 -> -th, stopAtExit);
            case ERROR -> {
                if (observables instanceof XorObservables xor) {
                    yield new ExitDetector(xor::error, e0 -> th, stopAtExit);
                }
                if (!(risk instanceof QmcRisk qmc)) {
                    throw new IllegalArgumentException("exit.criterion: error needs a classification problem "
                            + "(training.loss: logistic or teacher.target: xor)");
                }
                yield new ExitDetector(s -> qmc.error(s.q, s.m, s.a), e0 -> th, stopAtExit);
            }
        };
    }

    /** A one-line definition of the criterion for output files; {@code engine} says how the time is located. */
    public static String definition(ModelSpec model, String engine) {
        ExitSpec spec = model.exit();
        double th = spec.threshold();
        String located = engine.equals("ode") && model.run().odeStep() == 0 ? "located as an integrator event"
                : "linearly interpolated between the two steps that bracket it";
        return switch (spec.criterion()) {
            case RISK_DROP -> "first time the risk R(t) falls to (1 - " + th + ")*R(0), " + located;
            case OVERLAP -> "first time max_jr |M_jr| reaches " + th + ", " + located;
            case ERROR -> "first time the test error falls to " + th + " (" + XorObservables.errorDefinition(model) + "), "
                    + located;
        };
    }
}

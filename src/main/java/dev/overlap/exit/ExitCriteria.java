package dev.overlap.exit;

import dev.overlap.overlaps.Observables;
import dev.overlap.overlaps.OverlapBuffer;
import dev.overlap.overlaps.OverlapState;
import dev.overlap.overlaps.PopulationRisk;
import dev.overlap.overlaps.QmcRisk;
import dev.overlap.overlaps.XorObservables;

/** Turns an exit rule into a detector, and says in words what it detects. */
public final class ExitCriteria {
    private ExitCriteria() {
    }

    /**
     * risk-drop: R ≤ (1 − T)·R(0); overlap: max|M| ≥ T; error: test error ≤ T (needs a QMC risk, which
     * is what the model's risk is for ±1-label problems).
     */
    public static ExitDetector detector(ExitRule spec, PopulationRisk risk) {
        return detector(spec, risk, Observables.NONE);
    }

    /** As {@link #detector(ExitRule, PopulationRisk)}; for XOR the error is {@link XorObservables#error}. */
    public static ExitDetector detector(ExitRule spec, PopulationRisk risk, Observables observables) {
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
                    throw new IllegalArgumentException("the error criterion needs a classification problem (labels +-1)");
                }
                yield new ExitDetector(s -> qmc.error(s.q, s.m, s.a), e0 -> th, stopAtExit);
            }
        };
    }

    /**
     * As {@link #detector(ExitRule, PopulationRisk)}, with the level fixed by {@code reference} instead of
     * the run's own start: the effective-start prediction runs the ODE from M₀ + Σ^{1/2}Z but must exit at
     * the true R(0)'s level (docs/theory.md §7).
     */
    public static ExitDetector detector(ExitRule spec, PopulationRisk risk, OverlapState reference) {
        return detector(spec, risk).levelFrom(new OverlapBuffer(reference));
    }

    /**
     * A one-line definition of the criterion for output files.
     *
     * @param asEvent         whether the engine locates the crossing as an integrator event (adaptive ODE)
     * @param errorDefinition what "test error" means for the problem (used by the error criterion)
     */
    public static String definition(ExitRule rule, boolean asEvent, String errorDefinition) {
        double th = rule.threshold();
        String located = asEvent ? "located as an integrator event"
                : "linearly interpolated between the two steps that bracket it";
        return switch (rule.criterion()) {
            case RISK_DROP -> "first time the risk R(t) falls to (1 - " + th + ")*R(0), " + located;
            case OVERLAP -> "first time max_jr |M_jr| reaches " + th + ", " + located;
            case ERROR -> "first time the test error falls to " + th + " (" + errorDefinition + "), " + located;
        };
    }
}

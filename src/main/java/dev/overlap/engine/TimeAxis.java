package dev.overlap.engine;

import dev.overlap.problem.Problem;

/**
 * The time convention of a run: t = steps · perStep. natural: γ/(p·d) per step (the papers'
 * choice); steps: 1; samples: B; samples-per-d: B/d.
 */
public record TimeAxis(Unit unit, double perStep) {

    /** The units a run's time can be measured in. */
    public enum Unit {
        NATURAL("natural", "t = steps*gamma/(p*d)"),
        STEPS("steps", "t = steps"),
        SAMPLES("samples", "t = steps*batch"),
        SAMPLES_PER_D("samples-per-d", "t = steps*batch/d");

        private final String label;
        private final String formula;

        Unit(String label, String formula) {
            this.label = label;
            this.formula = formula;
        }

        /** The unit's name in model files and outputs. */
        public String label() {
            return label;
        }
    }

    public static TimeAxis of(Unit unit, Problem problem) {
        double perStep = switch (unit) {
            case NATURAL -> problem.naturalTimePerStep();
            case STEPS -> 1;
            case SAMPLES -> problem.batch();
            case SAMPLES_PER_D -> (double) problem.batch() / problem.d();
        };
        return new TimeAxis(unit, perStep);
    }

    /** Natural time t = steps·γ/(p·d), in which drifts and escape rates are stated. */
    public static TimeAxis natural(Problem problem) {
        return of(Unit.NATURAL, problem);
    }

    public double time(long step) {
        return step * perStep;
    }

    /** The number of steps that reaches time {@code t} (the first step with time ≥ t, up to round-off). */
    public long steps(double t) {
        return (long) Math.ceil(t / perStep - 1e-9);
    }

    /** A one-line definition for output files, e.g. "natural: t = steps*gamma/(p*d)". */
    public String definition() {
        return unit.label + ": " + unit.formula;
    }
}

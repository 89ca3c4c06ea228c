package dev.overlap.engine;

import dev.overlap.problem.Problem;
import dev.overlap.spec.Choice;
import dev.overlap.spec.Kinds.TimeUnit;

/**
 * The time convention of a run: t = steps · perStep. natural: γ/(p·d) per step (the papers'
 * choice); steps: 1; samples: B; samples-per-d: B/d.
 */
public record TimeAxis(TimeUnit unit, double perStep) {

    public static TimeAxis of(TimeUnit unit, Problem problem) {
        double perStep = switch (unit) {
            case NATURAL -> problem.learningRate() / ((double) problem.p() * problem.d());
            case STEPS -> 1;
            case SAMPLES -> problem.batch();
            case SAMPLES_PER_D -> (double) problem.batch() / problem.d();
        };
        return new TimeAxis(unit, perStep);
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
        return Choice.name(unit) + switch (unit) {
            case NATURAL -> ": t = steps*gamma/(p*d)";
            case STEPS -> ": t = steps";
            case SAMPLES -> ": t = steps*batch";
            case SAMPLES_PER_D -> ": t = steps*batch/d";
        };
    }
}

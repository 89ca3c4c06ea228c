package dev.overlap.engine;

/** A run whose state became NaN or infinite; the message names the engine, the step and the time. */
public final class DivergenceException extends RuntimeException {
    public DivergenceException(EngineKind engine, long step, TimeAxis time) {
        this(engine, step, time, null);
    }

    /** @param cause what the engine saw fail (e.g. the integrator's step size collapsing), or null */
    public DivergenceException(EngineKind engine, long step, TimeAxis time, Throwable cause) {
        super(engine.label() + " run diverged at step " + step + " (t = " + time.time(step) + ", " + time.definition()
                + "): overlaps are no longer finite; " + advice(engine), cause);
    }

    /** A continuous engine's divergence, at time {@code t} of the run's axis (which may fall inside the first step). */
    public DivergenceException(EngineKind engine, double t, TimeAxis time, Throwable cause) {
        super(engine.label() + " run diverged at t = " + t + " (" + time.definition() + "; " + t / time.perStep()
                + " SGD-equivalent steps): overlaps are no longer finite; " + advice(engine), cause);
    }

    private static String advice(EngineKind engine) {
        return "try a smaller " + (engine == EngineKind.SDE ? "run.sde-dt or training.learning-rate" : "training.learning-rate");
    }
}

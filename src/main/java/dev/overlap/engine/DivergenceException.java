package dev.overlap.engine;

/** A run whose state became NaN or infinite; the message names the step and the time. */
public final class DivergenceException extends RuntimeException {
    public DivergenceException(String engine, long step, TimeAxis time) {
        super(engine + " run diverged at step " + step + " (t = " + time.time(step) + ", " + time.definition() + ")"
                + ": overlaps are no longer finite; try a smaller training.learning-rate");
    }
}

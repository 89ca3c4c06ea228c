package dev.overlap.exit;

import dev.overlap.engine.Crossing;
import dev.overlap.engine.Observer;
import dev.overlap.overlaps.OverlapBuffer;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * Finds the exit from mediocrity as the first passage of a scalar observable below a level. For
 * stochastic engines it checks after every step and locates the passage by linear interpolation
 * between the two steps that bracket it (never on the recording grid); continuous engines locate it
 * as an integrator event. The level may depend on the initial value (risk-drop).
 */
public final class ExitDetector implements Observer, Crossing {
    private final ToDoubleFunction<OverlapBuffer> observable;
    private final DoubleUnaryOperator levelFromStart;
    private final boolean stopAtExit;
    private boolean located;
    private double level = Double.NaN;
    private double previousT;
    private double previousValue;
    private double exitTime = Double.NaN;

    /**
     * @param observable     the scalar watched, e.g. the risk or −max|M|
     * @param levelFromStart the level as a function of the observable's value at step 0
     * @param stopAtExit     whether to ask the engine to stop once the exit is found
     */
    /**
     * The same criterion with its level taken from {@code reference} instead of each run's own start: a run
     * from a perturbed start (the effective start of docs/theory.md §7) must exit where the true start would.
     */
    public ExitDetector levelFrom(OverlapBuffer reference) {
        double fixed = levelFromStart.applyAsDouble(observable.applyAsDouble(reference));
        return new ExitDetector(observable, v0 -> fixed, stopAtExit);
    }

    public ExitDetector(ToDoubleFunction<OverlapBuffer> observable, DoubleUnaryOperator levelFromStart, boolean stopAtExit) {
        this.observable = observable;
        this.levelFromStart = levelFromStart;
        this.stopAtExit = stopAtExit;
    }

    @Override
    public boolean observe(long step, double t, OverlapBuffer state) {
        if (!Double.isNaN(exitTime)) {
            return !stopAtExit;
        }
        if (step == 0 && Double.isNaN(level)) {
            double v0 = observable.applyAsDouble(state);
            level = levelFromStart.applyAsDouble(v0);
            previousT = t;
            previousValue = v0;
            if (v0 <= level) {
                exitTime = t;
                return !stopAtExit;
            }
            return true;
        }
        if (located) {
            return true;
        }
        double value = observable.applyAsDouble(state);
        if (value <= level) {
            exitTime = previousT + (t - previousT) * (previousValue - level) / (previousValue - value);
            return !stopAtExit;
        }
        previousT = t;
        previousValue = value;
        return true;
    }

    @Override
    public List<Crossing> crossings() {
        return List.of(this);
    }

    @Override
    public double value(OverlapBuffer state) {
        return observable.applyAsDouble(state);
    }

    @Override
    public double level() {
        return level;
    }

    @Override
    public void locatedByEngine() {
        located = true;
    }

    @Override
    public boolean crossed(double t) {
        if (Double.isNaN(exitTime)) {
            exitTime = t;
        }
        return !stopAtExit;
    }

    /** The exit time, empty if the observable never fell to the level. */
    public OptionalDouble exitTime() {
        return Double.isNaN(exitTime) ? OptionalDouble.empty() : OptionalDouble.of(exitTime);
    }
}

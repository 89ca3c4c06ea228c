package dev.overlap.exit;

import dev.overlap.engine.Observer;
import dev.overlap.overlaps.OverlapBuffer;
import java.util.OptionalDouble;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * Finds the exit from mediocrity as the first passage of a scalar observable below a level,
 * checked after every step and located by linear interpolation between the two steps that bracket
 * it (never on the recording grid). The level may depend on the initial value (risk-drop).
 */
public final class ExitDetector implements Observer {
    private final ToDoubleFunction<OverlapBuffer> observable;
    private final DoubleUnaryOperator levelFromStart;
    private final boolean stopAtExit;
    private double level = Double.NaN;
    private double previousT;
    private double previousValue;
    private double exitTime = Double.NaN;

    /**
     * @param observable     the scalar watched, e.g. the risk or −max|M|
     * @param levelFromStart the level as a function of the observable's value at step 0
     * @param stopAtExit     whether to ask the engine to stop once the exit is found
     */
    public ExitDetector(ToDoubleFunction<OverlapBuffer> observable, DoubleUnaryOperator levelFromStart,
                        boolean stopAtExit) {
        this.observable = observable;
        this.levelFromStart = levelFromStart;
        this.stopAtExit = stopAtExit;
    }

    @Override
    public boolean observe(long step, double t, OverlapBuffer state) {
        if (!Double.isNaN(exitTime)) {
            return !stopAtExit;
        }
        double value = observable.applyAsDouble(state);
        if (step == 0) {
            level = levelFromStart.applyAsDouble(value);
        }
        if (value <= level) {
            exitTime = step == 0 ? t : previousT + (t - previousT) * (previousValue - level) / (previousValue - value);
            return !stopAtExit;
        }
        previousT = t;
        previousValue = value;
        return true;
    }

    /** The exit time, empty if the observable never fell to the level. */
    public OptionalDouble exitTime() {
        return Double.isNaN(exitTime) ? OptionalDouble.empty() : OptionalDouble.of(exitTime);
    }

    /** The level the observable had to reach (set at step 0). */
    public double level() {
        return level;
    }
}

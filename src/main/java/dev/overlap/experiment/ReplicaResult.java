package dev.overlap.experiment;

import dev.overlap.engine.EngineKind;
import java.util.List;

/**
 * One replica's outcome: its index (the stream of run.seed it used), the engine, the exit time in the
 * model's time unit (NaN when it did not escape before t-max), and optionally its recorded curve: rows
 * of {@code columns} (t, step, risk, then the model's {@link dev.overlap.overlaps.Observables#curveNames()}).
 */
public record ReplicaResult(int replica, EngineKind engine, double exitTime, List<String> columns,
                            List<double[]> curve) {
    public ReplicaResult {
        columns = List.copyOf(columns);
        curve = List.copyOf(curve);
    }

    public boolean escaped() {
        return !Double.isNaN(exitTime);
    }
}

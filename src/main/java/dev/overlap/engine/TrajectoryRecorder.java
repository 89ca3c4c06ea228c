package dev.overlap.engine;

import dev.overlap.overlaps.Observables;
import dev.overlap.overlaps.OverlapBuffer;
import dev.overlap.overlaps.PopulationRisk;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the state on a {@link RecordingGrid}: one row per recorded step with columns
 * {@code t, step, risk, m_j_r, q_j_l (j ≤ l), a_j} (indices from 1), then the model's further
 * {@link Observables}.
 */
public final class TrajectoryRecorder implements Observer {
    private final RecordingGrid grid;
    private final PopulationRisk risk;
    private final Observables observables;
    private final int extra;
    private final List<double[]> rows = new ArrayList<>();

    public TrajectoryRecorder(RecordingGrid grid, PopulationRisk risk) {
        this(grid, risk, Observables.NONE);
    }

    public TrajectoryRecorder(RecordingGrid grid, PopulationRisk risk, Observables observables) {
        this.grid = grid;
        this.risk = risk;
        this.observables = observables;
        this.extra = observables.names().size();
    }

    @Override
    public boolean observe(long step, double t, OverlapBuffer s) {
        if (grid.due(t)) {
            double[] row = new double[3 + s.p * s.k + s.p * (s.p + 1) / 2 + s.p + extra];
            int c = 0;
            row[c++] = t;
            row[c++] = step;
            row[c++] = s.risk(risk);
            for (double v : s.m) {
                row[c++] = v;
            }
            for (int j = 0; j < s.p; j++) {
                for (int l = j; l < s.p; l++) {
                    row[c++] = s.q[j * s.p + l];
                }
            }
            for (double v : s.a) {
                row[c++] = v;
            }
            observables.evaluate(s, row, c);
            rows.add(row);
        }
        return true;
    }

    @Override
    public double nextTime() {
        return grid.next();
    }

    public List<double[]> rows() {
        return List.copyOf(rows);
    }

    public static List<String> columns(int p, int k, Observables observables) {
        List<String> names = columns(p, k);
        names.addAll(observables.names());
        return names;
    }

    public static List<String> columns(int p, int k) {
        List<String> names = new ArrayList<>(List.of("t", "step", "risk"));
        for (int j = 1; j <= p; j++) {
            for (int r = 1; r <= k; r++) {
                names.add("m_" + j + "_" + r);
            }
        }
        for (int j = 1; j <= p; j++) {
            for (int l = j; l <= p; l++) {
                names.add("q_" + j + "_" + l);
            }
        }
        for (int j = 1; j <= p; j++) {
            names.add("a_" + j);
        }
        return names;
    }
}

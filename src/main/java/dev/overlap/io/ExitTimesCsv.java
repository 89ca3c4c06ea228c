package dev.overlap.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * exit_times.csv: {@code seed,engine,exit_time,escaped}, one line per replica, where seed is the
 * replica's stream index under run.seed and exit_time is empty when the replica did not escape.
 */
public final class ExitTimesCsv {
    public static final String HEADER = "seed,engine,exit_time,escaped";

    /** One line of the file. */
    public record Row(int seed, String engine, double exitTime) {
        public boolean escaped() {
            return !Double.isNaN(exitTime);
        }
    }

    private ExitTimesCsv() {
    }

    public static void write(Path file, List<Row> rows) {
        AtomicFiles.write(file, out -> {
            out.write(HEADER);
            out.write('\n');
            for (Row r : rows) {
                out.write(r.seed() + "," + r.engine() + "," + (r.escaped() ? Double.toString(r.exitTime()) : "") + ","
                        + r.escaped() + "\n");
            }
        });
    }

    /**
     * Reads a file written by {@link #write}, strictly: the header, every row complete, seeds distinct whole
     * numbers ≥ 0, one engine, an exit time finite and ≥ 0 exactly when escaped is true and empty when it is
     * false. Anything else is a {@link CorruptFileException} naming the line and field.
     */
    public static List<Row> read(Path file) {
        List<Row> rows = new ArrayList<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        String engine = null;
        for (StrictCsv.Row r : StrictCsv.read(file, List.of(HEADER.split(",")), false).rows()) {
            int seed = r.integer(0, 0, Integer.MAX_VALUE);
            if (!seen.add(seed)) {
                throw r.bad(0, "replica " + seed + " appears twice");
            }
            String e = r.word(1);
            if (engine != null && !engine.equals(e)) {
                throw r.bad(1, e + ", but the lines above are " + engine);
            }
            engine = e;
            boolean escaped = r.bool(3);
            if (escaped == r.text(2).isEmpty()) {
                throw r.bad(2, escaped ? "empty, but escaped is true" : "'" + r.text(2) + "', but escaped is false");
            }
            rows.add(new Row(seed, e, escaped ? r.finite(2, 0) : Double.NaN));
        }
        return rows;
    }
}

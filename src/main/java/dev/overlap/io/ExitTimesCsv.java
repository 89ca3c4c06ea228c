package dev.overlap.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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

    /** Reads a file written by {@link #write}; a malformed line is an error naming the file and line. */
    public static List<Row> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IllegalArgumentException(file + ": not an exit_times.csv (header must be " + HEADER + ")");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).split(",", -1);
            try {
                rows.add(new Row(Integer.parseInt(c[0]), c[1], c[2].isEmpty() ? Double.NaN : Double.parseDouble(c[2])));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + " is malformed: " + lines.get(i));
            }
        }
        return rows;
    }
}

package dev.overlap.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** trajectory.csv: a header line of column names, then one line per recorded time. */
public final class TrajectoryCsv {
    private TrajectoryCsv() {
    }

    /** A trajectory read back: its column names and rows. */
    public record Table(List<String> columns, List<double[]> rows) {
        public Table {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }
    }

    /** Reads a file written by {@link #write}; a malformed line is an error naming the file and line. */
    public static Table read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty, not a trajectory");
        }
        List<String> columns = Arrays.asList(lines.get(0).split(","));
        List<double[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).split(",", -1);
            try {
                if (c.length != columns.size()) {
                    throw new NumberFormatException(c.length + " columns, the header has " + columns.size());
                }
                rows.add(Arrays.stream(c).mapToDouble(Double::parseDouble).toArray());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + " is malformed: " + e.getMessage(), e);
            }
        }
        return new Table(columns, rows);
    }

    public static void write(Path file, List<String> columns, List<double[]> rows) {
        AtomicFiles.write(file, out -> {
            out.write(String.join(",", columns));
            out.write('\n');
            for (double[] row : rows) {
                for (int c = 0; c < row.length; c++) {
                    if (c > 0) {
                        out.write(',');
                    }
                    // the step column is a whole number; print it as one
                    out.write(c == 1 ? Long.toString((long) row[c]) : Double.toString(row[c]));
                }
                out.write('\n');
            }
        });
    }
}

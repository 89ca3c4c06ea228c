package dev.overlap.io;

import java.nio.file.Path;
import java.util.ArrayList;
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

    /**
     * Reads a file written by {@link #write}, strictly ({@link StrictCsv}): a header starting with t, every
     * row complete and finite, t non-decreasing from ≥ 0.
     */
    public static Table read(Path file) {
        StrictCsv csv = StrictCsv.read(file, List.of("t"), true);
        List<double[]> rows = new ArrayList<>();
        for (StrictCsv.Row r : csv.rows()) {
            double[] row = new double[csv.header().size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = r.finite(i);
            }
            double last = rows.isEmpty() ? 0 : rows.get(rows.size() - 1)[0];
            if (row[0] < last) {
                throw r.bad(0, row[0] + (rows.isEmpty() ? " is negative" : " is before the previous time " + last));
            }
            rows.add(row);
        }
        return new Table(csv.header(), rows);
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

package dev.overlap.io;

import java.nio.file.Path;
import java.util.List;

/** trajectory.csv: a header line of column names, then one line per recorded time. */
public final class TrajectoryCsv {
    private TrajectoryCsv() {
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

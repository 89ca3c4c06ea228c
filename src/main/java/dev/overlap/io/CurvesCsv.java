package dev.overlap.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * curves.csv.gz: every replica's recorded curve in long format, one row per (replica, recorded step):
 * {@code engine,replica,t,step,risk,...observables}, gzip-compressed (a compare writes 10⁴–10⁵ rows per
 * engine). The replica is its stream index under run.seed, as in exit_times.csv. Loads in one line with
 * pandas: {@code pd.read_csv("curves.csv.gz")}.
 */
public final class CurvesCsv {
    public static final String FILE = "curves.csv.gz";

    private CurvesCsv() {
    }

    /** The curves of one engine's replicas: the column names (from t) and, per replica, its rows. */
    public record Table(String engine, List<String> columns, SortedMap<Integer, List<double[]>> replicas) {
        public Table {
            columns = List.copyOf(columns);
            replicas = Collections.unmodifiableSortedMap(new TreeMap<>(replicas));
        }

        /** The index of a named column in a row. */
        public int column(String name) {
            int i = columns.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("no column " + name + " among " + columns);
            }
            return i;
        }

        /** Every replica's rows, in replica order. */
        public List<List<double[]>> curves() {
            return List.copyOf(replicas.values());
        }
    }

    public static void write(Path file, Table table) {
        AtomicFiles.writeGzip(file, out -> {
            out.write("engine,replica," + String.join(",", table.columns()) + "\n");
            for (var e : table.replicas().entrySet()) {
                String prefix = table.engine() + "," + e.getKey() + ",";
                for (double[] row : e.getValue()) {
                    StringBuilder line = new StringBuilder(prefix);
                    for (int c = 0; c < row.length; c++) {
                        line.append(c == 0 ? "" : ",").append(row[c]);
                    }
                    out.write(line.append('\n').toString());
                }
            }
        });
    }

    /**
     * Reads a file written by {@link #write}, strictly: the gzip stream whole, the header with a t column,
     * every row complete and finite, one engine, replicas whole numbers ≥ 0, and each replica's t
     * non-decreasing from ≥ 0. Anything else is a {@link CorruptFileException} naming the line and field.
     */
    public static Table read(Path file) {
        StrictCsv csv = StrictCsv.read(file, List.of("engine", "replica"), true);
        List<String> columns = csv.header().subList(2, csv.header().size());
        int t = columns.indexOf("t");
        if (t < 0) {
            throw new CorruptFileException(file, 1, null, "no t column among " + columns);
        }
        SortedMap<Integer, List<double[]>> replicas = new TreeMap<>();
        String engine = null;
        for (StrictCsv.Row r : csv.rows()) {
            String e = r.word(0);
            if (engine != null && !engine.equals(e)) {
                throw r.bad(0, e + ", but the lines above are " + engine);
            }
            engine = e;
            List<double[]> rows = replicas.computeIfAbsent(r.integer(1, 0, Integer.MAX_VALUE), k -> new ArrayList<>());
            double[] row = new double[columns.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = r.finite(i + 2);
            }
            double last = rows.isEmpty() ? 0 : rows.get(rows.size() - 1)[t];
            if (row[t] < last) {
                throw r.bad(t + 2, row[t] + (rows.isEmpty() ? " is negative" : " is before the replica's previous time " + last));
            }
            rows.add(row);
        }
        return new Table(engine == null ? "" : engine, columns, replicas);
    }

    /**
     * Checks that {@code table}, read from {@code file}, holds a curve for every replica in {@code replicas}
     * (those of the exit_times.csv beside it) and, when {@code exactly}, for no other.
     */
    public static void requireReplicas(Path file, Table table, java.util.Collection<Integer> replicas, boolean exactly) {
        for (int replica : replicas) {
            if (!table.replicas().containsKey(replica)) {
                throw new CorruptFileException(file, "replica " + replica + " of exit_times.csv has no curve");
            }
        }
        if (exactly && table.replicas().size() != replicas.size()) {
            int extra = table.replicas().keySet().stream().filter(r -> !replicas.contains(r)).findFirst().orElseThrow();
            throw new CorruptFileException(file, "replica " + extra + " has a curve but no line in exit_times.csv");
        }
    }
}

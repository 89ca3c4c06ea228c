package dev.overlap.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

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

    /** Reads a file written by {@link #write}; a malformed line is an error naming the file and line. */
    public static Table read(Path file) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            String header = in.readLine();
            if (header == null || !header.startsWith("engine,replica,")) {
                throw new IllegalArgumentException(file + ": not a curves file (header must start engine,replica,)");
            }
            List<String> columns = Arrays.asList(header.substring("engine,replica,".length()).split(","));
            SortedMap<Integer, List<double[]>> replicas = new TreeMap<>();
            String engine = "";
            int lineNumber = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                String[] c = line.split(",", -1);
                try {
                    if (c.length != columns.size() + 2) {
                        throw new NumberFormatException("wrong number of columns");
                    }
                    engine = c[0];
                    double[] row = new double[columns.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = Double.parseDouble(c[i + 2]);
                    }
                    replicas.computeIfAbsent(Integer.parseInt(c[1]), k -> new ArrayList<>()).add(row);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + ": line " + lineNumber + " is malformed: " + e.getMessage(), e);
                }
            }
            return new Table(engine, columns, replicas);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}

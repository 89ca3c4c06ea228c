package dev.overlap.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overlap.io.CurvesCsv;
import dev.overlap.io.ExitTimesCsv;
import dev.overlap.io.Json;
import dev.overlap.spec.ModelWriter;
import dev.overlap.spec.UsageException;
import dev.overlap.stats.ExitStatistics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A Monte Carlo exit-time experiment written to a directory: {@code experiment.json} (what is being
 * run, checked on resume), {@code exit_times.csv} (rewritten atomically as replicas finish, at most
 * every {@value #WRITE_INTERVAL_MS} ms, on Ctrl-C and at the end) and {@code summary.json}.
 */
public final class ExitTimesExperiment {
    private static final long WRITE_INTERVAL_MS = 2000;

    private ExitTimesExperiment() {
    }

    /**
     * The finished experiment: every replica's exit time (ordered), the results run in this invocation,
     * the statistics of the exit times, and — when curves were recorded — every replica's curve, those of
     * earlier invocations read back from curves.csv.gz.
     */
    public record Outcome(List<ExitTimesCsv.Row> rows, List<ReplicaResult> fresh, ExitStatistics statistics,
                          CurvesCsv.Table curves, double wallSeconds) {
    }

    /** What is written as replicas finish: experiment.json first, then curves.csv.gz, then exit_times.csv. */
    private static final class Written {
        final Path experimentFile;
        final Map<String, Object> identity;
        final Path csv;
        final Path curvesFile;
        final String engine;
        final List<ExitTimesCsv.Row> rows = new ArrayList<>();
        final SortedMap<Integer, List<double[]>> curves = new TreeMap<>();
        List<String> curveColumns = List.of();

        Written(Path dir, Map<String, Object> identity, String engine) {
            this.experimentFile = dir.resolve("experiment.json");
            this.identity = identity;
            this.csv = dir.resolve("exit_times.csv");
            this.curvesFile = dir.resolve(CurvesCsv.FILE);
            this.engine = engine;
        }

        void add(ReplicaResult r) {
            rows.add(new ExitTimesCsv.Row(r.replica(), r.engine().label(), r.exitTime()));
            if (!r.curve().isEmpty()) {
                curveColumns = r.columns();
                curves.put(r.replica(), r.curve());
            }
        }

        CurvesCsv.Table table() {
            return new CurvesCsv.Table(engine, curveColumns, curves);
        }

        /**
         * Writes the finished replicas, with experiment.json before the first of them: until a replica has
         * finished nothing is written, so a command that fails early leaves nothing to refuse or resume.
         * The curves go before exit_times.csv, which so never lists a replica whose curve is missing.
         */
        void write() {
            if (rows.isEmpty()) {
                return;
            }
            if (!Files.exists(experimentFile)) {
                Json.write(experimentFile, identity);
            }
            if (!curves.isEmpty()) {
                CurvesCsv.write(curvesFile, table());
            }
            List<ExitTimesCsv.Row> sorted = new ArrayList<>(rows);
            sorted.sort(Comparator.comparingInt(ExitTimesCsv.Row::seed));
            ExitTimesCsv.write(csv, sorted);
        }
    }

    public static Outcome run(MonteCarlo.Plan plan, Path dir, boolean resume, Consumer<ReplicaResult> progress) {
        Written out = new Written(dir, identity(plan), plan.trial().kind().label());
        Path csv = out.csv;
        Path experimentFile = out.experimentFile;
        List<ExitTimesCsv.Row> rows = out.rows;
        if (Files.exists(csv) || Files.exists(experimentFile)) {
            if (!resume) {
                throw new UsageException(dir + " already holds an experiment: resume it, or choose another output "
                        + "folder");
            }
            if (!Files.exists(experimentFile)) {
                throw new UsageException(dir + " holds exit_times.csv without experiment.json: it cannot be resumed");
            }
            checkSame(experimentFile, out.identity);
            if (Files.exists(csv)) {
                rows.addAll(readChecked(csv, plan));
            }
            if (plan.recordRisk() && Files.exists(out.curvesFile)) {
                CurvesCsv.Table saved = readCurves(out.curvesFile);
                out.curveColumns = saved.columns();
                Set<Integer> finished = new HashSet<>();
                rows.forEach(r -> finished.add(r.seed()));
                saved.replicas().forEach((replica, curve) -> {
                    if (finished.contains(replica)) {
                        out.curves.put(replica, curve);
                    }
                });
            }
        }
        Set<Integer> done = new HashSet<>();
        rows.forEach(r -> done.add(r.seed()));
        MonteCarlo.Plan todo = plan.skipping(done);
        long started = System.nanoTime();
        long[] lastWrite = {System.currentTimeMillis()};
        Thread hook = new Thread(() -> {
            synchronized (rows) {
                out.write();
            }
        }, "overlap-save-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        List<ReplicaResult> fresh;
        try {
            fresh = MonteCarlo.run(todo, r -> {
                synchronized (rows) {
                    out.add(r);
                    if (System.currentTimeMillis() - lastWrite[0] > WRITE_INTERVAL_MS) {
                        out.write();
                        lastWrite[0] = System.currentTimeMillis();
                    }
                }
                progress.accept(r);
            });
        } finally {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        synchronized (rows) {
            out.write();
        }
        rows.sort(Comparator.comparingInt(ExitTimesCsv.Row::seed));
        double[] times = rows.stream().mapToDouble(ExitTimesCsv.Row::exitTime).toArray();
        ExitStatistics stats = ExitStatistics.of(times, plan.trial().model().run().seed());
        double wall = (System.nanoTime() - started) * 1e-9;
        Json.write(dir.resolve("summary.json"), Summaries.monteCarlo(plan, stats, rows.size(), wall));
        return new Outcome(List.copyOf(rows), fresh, stats, out.table(), wall);
    }

    private static CurvesCsv.Table readCurves(Path file) {
        try {
            return CurvesCsv.read(file);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() + ": it cannot be resumed", e);
        }
    }

    /**
     * The rows of an exit_times.csv to resume, checked against the experiment: this engine, replica indices
     * in 0..replicas−1, each once. A hand-edited or foreign file is refused naming the line.
     */
    private static List<ExitTimesCsv.Row> readChecked(Path csv, MonteCarlo.Plan plan) {
        List<ExitTimesCsv.Row> rows;
        try {
            rows = ExitTimesCsv.read(csv);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() + ": it cannot be resumed", e);
        }
        Set<Integer> seen = new HashSet<>();
        String engine = plan.trial().kind().label();
        for (int i = 0; i < rows.size(); i++) {
            ExitTimesCsv.Row r = rows.get(i);
            String line = csv + ": line " + (i + 2) + ": ";
            if (!r.engine().equals(engine)) {
                throw new UsageException(line + "engine " + r.engine() + ", but the experiment runs " + engine);
            }
            if (r.seed() < 0 || r.seed() >= plan.replicas()) {
                throw new UsageException(line + "replica " + r.seed() + " is outside 0.." + (plan.replicas() - 1));
            }
            if (!seen.add(r.seed())) {
                throw new UsageException(line + "replica " + r.seed() + " appears twice");
            }
        }
        return rows;
    }

    private static Map<String, Object> identity(MonteCarlo.Plan plan) {
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("engine", plan.trial().kind().label());
        id.put("start", Summaries.label(plan.start()));
        id.put("model", ModelWriter.toTree(plan.trial().model()));
        return id;
    }

    private static void checkSame(Path experimentFile, Map<String, Object> identity) {
        try {
            JsonNode existing = Json.mapper().readTree(experimentFile.toFile());
            JsonNode wanted = Json.mapper().valueToTree(identity);
            // compare the written forms: a long read back from JSON is an int node, equal in text only
            if (!Json.mapper().writeValueAsString(existing).equals(Json.mapper().writeValueAsString(wanted))) {
                throw new UsageException(experimentFile.getParent()
                        + " holds a different experiment (model, engine or start differ): it cannot be resumed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + experimentFile + ": " + e.getMessage(), e);
        }
    }
}

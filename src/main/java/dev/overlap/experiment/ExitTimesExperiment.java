package dev.overlap.experiment;

import com.fasterxml.jackson.databind.JsonNode;
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

    /** The finished experiment: every replica's result (ordered) and the statistics of their exit times. */
    public record Outcome(List<ExitTimesCsv.Row> rows, List<ReplicaResult> fresh, ExitStatistics statistics,
                          double wallSeconds) {
    }

    public static Outcome run(MonteCarlo.Plan plan, Path dir, boolean resume, Consumer<ReplicaResult> progress) {
        Map<String, Object> identity = identity(plan);
        Path csv = dir.resolve("exit_times.csv");
        Path experimentFile = dir.resolve("experiment.json");
        List<ExitTimesCsv.Row> rows = new ArrayList<>();
        if (Files.exists(csv) || Files.exists(experimentFile)) {
            if (!resume) {
                throw new UsageException(dir + " already holds an experiment: resume it, or choose another output "
                        + "folder");
            }
            checkSame(experimentFile, identity);
            if (Files.exists(csv)) {
                rows.addAll(ExitTimesCsv.read(csv));
            }
        }
        Json.write(experimentFile, identity);
        Set<Integer> done = new HashSet<>();
        rows.forEach(r -> done.add(r.seed()));
        MonteCarlo.Plan todo = plan.skipping(done);
        long started = System.nanoTime();
        long[] lastWrite = {System.currentTimeMillis()};
        Thread hook = new Thread(() -> {
            synchronized (rows) {
                write(csv, rows);
            }
        }, "overlap-save-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        List<ReplicaResult> fresh;
        try {
            fresh = MonteCarlo.run(todo, r -> {
                synchronized (rows) {
                    rows.add(new ExitTimesCsv.Row(r.replica(), r.engine().label(), r.exitTime()));
                    if (System.currentTimeMillis() - lastWrite[0] > WRITE_INTERVAL_MS) {
                        write(csv, rows);
                        lastWrite[0] = System.currentTimeMillis();
                    }
                }
                progress.accept(r);
            });
        } finally {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        synchronized (rows) {
            write(csv, rows);
        }
        rows.sort(Comparator.comparingInt(ExitTimesCsv.Row::seed));
        double[] times = rows.stream().mapToDouble(ExitTimesCsv.Row::exitTime).toArray();
        ExitStatistics stats = ExitStatistics.of(times, plan.trial().model().run().seed());
        double wall = (System.nanoTime() - started) * 1e-9;
        Json.write(dir.resolve("summary.json"), Summaries.monteCarlo(plan, stats, rows.size(), wall));
        return new Outcome(List.copyOf(rows), fresh, stats, wall);
    }

    private static void write(Path csv, List<ExitTimesCsv.Row> rows) {
        List<ExitTimesCsv.Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt(ExitTimesCsv.Row::seed));
        ExitTimesCsv.write(csv, sorted);
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

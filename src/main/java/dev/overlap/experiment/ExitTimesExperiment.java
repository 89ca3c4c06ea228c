package dev.overlap.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overlap.engine.TimeAxis;
import dev.overlap.exit.ExitCriteria;
import dev.overlap.problem.Problem;
import dev.overlap.report.ExitTimesCsv;
import dev.overlap.report.Json;
import dev.overlap.spec.Choice;
import dev.overlap.spec.ModelSpec;
import dev.overlap.spec.ModelWriter;
import dev.overlap.stats.ExitStatistics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
        ModelSpec model = plan.model();
        Map<String, Object> identity = identity(plan);
        Path csv = dir.resolve("exit_times.csv");
        Path experimentFile = dir.resolve("experiment.json");
        List<ExitTimesCsv.Row> rows = new ArrayList<>();
        if (Files.exists(csv) || Files.exists(experimentFile)) {
            if (!resume) {
                throw new IllegalArgumentException("--out: " + dir + " already holds an experiment; use --resume to "
                        + "continue it or choose another directory");
            }
            checkSame(experimentFile, identity);
            if (Files.exists(csv)) {
                rows.addAll(ExitTimesCsv.read(csv));
            }
        }
        Json.write(experimentFile, identity);
        Set<Integer> done = new HashSet<>();
        rows.forEach(r -> done.add(r.seed()));
        MonteCarlo.Plan todo = new MonteCarlo.Plan(model, plan.engine(), plan.start(), plan.replicas(), done,
                plan.budget(), plan.threads(), plan.recordRisk());
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
                    rows.add(new ExitTimesCsv.Row(r.replica(), r.engine(), r.exitTime()));
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
        ExitStatistics stats = ExitStatistics.of(times, model.run().seed());
        double wall = (System.nanoTime() - started) * 1e-9;
        Json.write(dir.resolve("summary.json"), summary(plan, stats, rows.size(), wall));
        return new Outcome(List.copyOf(rows), fresh, stats, wall);
    }

    private static void write(Path csv, List<ExitTimesCsv.Row> rows) {
        List<ExitTimesCsv.Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt(ExitTimesCsv.Row::seed));
        ExitTimesCsv.write(csv, sorted);
    }

    private static Map<String, Object> identity(MonteCarlo.Plan plan) {
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("engine", plan.engine());
        id.put("start", Choice.name(plan.start()));
        id.put("model", ModelWriter.toTree(plan.model()));
        return id;
    }

    private static void checkSame(Path experimentFile, Map<String, Object> identity) {
        try {
            JsonNode existing = Json.mapper().readTree(experimentFile.toFile());
            JsonNode wanted = Json.mapper().valueToTree(identity);
            // compare the written forms: a long read back from JSON is an int node, equal in text only
            if (!Json.mapper().writeValueAsString(existing).equals(Json.mapper().writeValueAsString(wanted))) {
                throw new IllegalArgumentException("--resume: " + experimentFile.getParent()
                        + " holds a different experiment (model, engine or start differ)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + experimentFile + ": " + e.getMessage(), e);
        }
    }

    /** summary.json of a Monte Carlo run (stable keys of DESIGN.md). */
    static Map<String, Object> summary(MonteCarlo.Plan plan, ExitStatistics s, int n, double wall) {
        ModelSpec model = plan.model();
        Problem problem = Problem.of(model);
        TimeAxis time = TimeAxis.of(model.run().timeUnit(), problem);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("engine", plan.engine());
        out.put("engineLaw", SingleRun.engineLaw(plan.engine(), model));
        out.put("d", model.d());
        out.put("p", model.student().p());
        out.put("timeUnit", Choice.name(time.unit()));
        out.put("timeDefinition", time.definition());
        out.put("start", Choice.name(plan.start()));
        out.put("model", ModelWriter.toTree(model));
        Map<String, Object> exit = new LinkedHashMap<>();
        exit.put("criterion", Choice.name(model.exit().criterion()));
        exit.put("threshold", model.exit().threshold());
        exit.put("definition", ExitCriteria.definition(model, plan.engine()));
        out.put("exit", exit);
        Map<String, Object> seeds = new LinkedHashMap<>();
        seeds.put("root", model.run().seed());
        seeds.put("initial", model.initial().seed());
        seeds.put("replicas", n);
        seeds.put("rule", "replica i uses the i-th stream split from run.seed (L64X128MixRandom)"
                + (plan.start() == MonteCarlo.Start.RANDOM ? "; its initial network uses a generator split off that stream"
                : ""));
        out.put("seeds", seeds);
        out.put("statistics", statistics(s));
        out.put("wallSeconds", wall);
        return out;
    }

    public static Map<String, Object> statistics(ExitStatistics s) {
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("n", s.n());
        st.put("escaped", s.escaped());
        st.put("censored", s.censored());
        st.put("note", "moments, quantiles and 95% bootstrap intervals over escaped replicas; when censored the mean "
                + "is biased low");
        st.put("mean", num(s.mean()));
        st.put("sd", num(s.sd()));
        st.put("sem", num(s.sem()));
        st.put("median", num(s.median()));
        st.put("ci95Mean", Arrays.asList(num(s.ci95Mean()[0]), num(s.ci95Mean()[1])));
        st.put("ci95Median", Arrays.asList(num(s.ci95Median()[0]), num(s.ci95Median()[1])));
        Map<String, Object> q = new LinkedHashMap<>();
        for (int i = 0; i < ExitStatistics.LEVELS.length; i++) {
            q.put(String.format("q%02d", Math.round(100 * ExitStatistics.LEVELS[i])), num(s.quantiles()[i]));
        }
        st.put("quantiles", q);
        return st;
    }

    private static Double num(double x) {
        return Double.isFinite(x) ? x : null;
    }
}

package dev.overlap.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overlap.io.CurvesCsv;
import dev.overlap.io.ExitTimesCsv;
import dev.overlap.io.CorruptFileException;
import dev.overlap.io.Json;
import dev.overlap.io.StrictJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.engine.EngineKind;
import dev.overlap.modelfile.ModelLoader;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.modelfile.ModelWriter;
import dev.overlap.modelfile.UsageException;
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
    /** The command whose shards {@link #merge} combines. */
    public static final String COMMAND = "exit-times";
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

    /** A merged experiment: what it ran (the model with run.seeds = replicas), from which start, and its outcome. */
    public record Merged(Trial trial, MonteCarlo.StartMode start, int replicas, Outcome outcome) {
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
        /** The wall time the last finished invocation recorded (a resume adds to it). */
        double earlierWall;

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
         * finished nothing is written, so a command that fails early leaves nothing to refuse or resume
         * (except a finished shard that holds no replica at all: it is written empty, for merge).
         * The curves go before exit_times.csv, which so never lists a replica whose curve is missing.
         */
        void write(boolean finished) {
            if (rows.isEmpty() && !finished) {
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

    /**
     * Checks, without running or writing anything, that {@code dir} can be resumed by {@code plan} (or holds
     * nothing): a command that resumes several experiments checks them all before it changes any.
     */
    public static void checkResumable(MonteCarlo.Plan plan, Path dir, boolean resume) {
        restore(plan, dir, resume);
    }

    /** What {@code dir} already holds of {@code plan}'s experiment, every file read strictly; refused unless resumable. */
    private static Written restore(MonteCarlo.Plan plan, Path dir, boolean resume) {
        Written out = new Written(dir, identity(plan), plan.trial().kind().label());
        Path csv = out.csv;
        Path experimentFile = out.experimentFile;
        List<ExitTimesCsv.Row> rows = out.rows;
        if (Files.exists(csv) || Files.exists(experimentFile)) {
            // the same experiment, finished, is taken up as if resumed: nothing is run, its summary (and the caller's
            // report) is written again, so a command can be repeated; anything else needs --resume or another folder
            if (!resume && !finishedHere(plan, out)) {
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
            if (plan.recordsCurves() && !rows.isEmpty()) {
                // curves.csv.gz is written before exit_times.csv: it holds every finished replica's curve, maybe more
                CurvesCsv.Table saved = CurvesCsv.read(out.curvesFile);
                Set<Integer> finished = new HashSet<>();
                rows.forEach(r -> finished.add(r.seed()));
                CurvesCsv.requireReplicas(out.curvesFile, saved, finished, false);
                out.curveColumns = saved.columns();
                saved.replicas().forEach((replica, curve) -> {
                    if (finished.contains(replica)) {
                        out.curves.put(replica, curve);
                    }
                });
            }
            if (Files.exists(dir.resolve("summary.json"))) {
                out.earlierWall = StrictJson.read(dir.resolve("summary.json")).number("wallSeconds", 0);
            }
        }
        return out;
    }

    public static Outcome run(MonteCarlo.Plan plan, Path dir, boolean resume, Consumer<ReplicaResult> progress) {
        Written out = restore(plan, dir, resume);
        List<ExitTimesCsv.Row> rows = out.rows;
        Set<Integer> done = new HashSet<>();
        rows.forEach(r -> done.add(r.seed()));
        MonteCarlo.Plan todo = plan.skipping(done);
        long started = System.nanoTime();
        long[] lastWrite = {System.currentTimeMillis()};
        Thread hook = new Thread(() -> {
            synchronized (rows) {
                out.write(false);
            }
        }, "overlap-save-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        List<ReplicaResult> fresh;
        try {
            fresh = MonteCarlo.run(todo, r -> {
                synchronized (rows) {
                    out.add(r);
                    if (System.currentTimeMillis() - lastWrite[0] > WRITE_INTERVAL_MS) {
                        out.write(false);
                        lastWrite[0] = System.currentTimeMillis();
                    }
                }
                progress.accept(r);
            });
        } finally {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        synchronized (rows) {
            out.write(rows.size() == plan.inShard());
        }
        rows.sort(Comparator.comparingInt(ExitTimesCsv.Row::seed));
        double[] times = rows.stream().mapToDouble(ExitTimesCsv.Row::exitTime).toArray();
        ExitStatistics stats = ExitStatistics.of(times, plan.trial().model().run().seed());
        // a resumed experiment adds this invocation's time to what its last finished invocation recorded
        double wall = out.earlierWall + (System.nanoTime() - started) * 1e-9;
        Json.write(dir.resolve("summary.json"), Summaries.monteCarlo(plan, stats, rows.size(), wall));
        return new Outcome(List.copyOf(rows), fresh, stats, out.table(), wall);
    }

    /**
     * Merges the n shard folders of one experiment into {@code dir}: checks that they are shards of the
     * same experiment (refusing anything else, naming the difference), each complete and each once, then
     * writes experiment.json, exit_times.csv, curves.csv.gz (when recorded) and summary.json exactly as
     * the same experiment run on one machine writes them (the wall time is the shards' sum).
     */
    public static Merged merge(List<Path> shards, Path dir) {
        if (shards.isEmpty()) {
            throw new UsageException("command line: merge needs the shard folders");
        }
        if (Files.exists(dir.resolve("experiment.json")) || Files.exists(dir.resolve("exit_times.csv"))) {
            throw new UsageException(dir + " already holds an experiment: merge into another folder");
        }
        JsonNode first = null;
        Path firstDir = null;
        int count = -1;
        int replicas = -1;
        Map<Integer, Path> byIndex = new TreeMap<>();
        for (Path shard : shards) {
            StrictJson id = experiment(shard);
            int n = (int) id.integer("shard.count", 1, Shard.MAX_COUNT);
            int index = (int) id.integer("shard.index", 0, n - 1);
            int total = (int) id.integer("shard.replicas", 1, Integer.MAX_VALUE);
            ObjectNode base = ((ObjectNode) id.root()).deepCopy();
            base.remove("shard");
            if (first == null) {
                first = base;
                firstDir = shard;
                count = n;
                replicas = total;
            } else {
                String difference = difference(first, base, "");
                if (difference != null) {
                    throw new UsageException(shard + " is a shard of another experiment than " + firstDir + ": "
                            + difference);
                }
                if (n != count || total != replicas) {
                    throw new UsageException(shard + " is shard " + index + "/" + n + " of " + total
                            + " replicas, " + firstDir + " one of " + count + " shards of " + replicas + " replicas");
                }
            }
            Path twin = byIndex.put(index, shard);
            if (twin != null) {
                throw new UsageException(twin + " and " + shard + " are both shard " + index + "/" + n);
            }
        }
        if (byIndex.size() != count) {
            List<Integer> missing = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (!byIndex.containsKey(i)) {
                    missing.add(i);
                }
            }
            throw new UsageException("shards " + missing + " of " + count + " are missing");
        }
        ModelSpec model = ModelLoader.parse(firstDir.resolve("experiment.json").toString(), "merged",
                first.path("model").toString(), Map.of("run.seeds", Integer.toString(replicas)));
        Trial trial = Trial.of(model, EngineKind.parse(first.path("engine").asText()));
        MonteCarlo.StartMode start;
        try {
            start = MonteCarlo.StartMode.valueOf(first.path("start").asText().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(firstDir.resolve("experiment.json"), "field start must be same or random, not "
                    + first.path("start"), e);
        }
        // the identity names overlap curves (and only those): the merge keeps what the shards kept
        MonteCarlo.Curves kept;
        try {
            kept = MonteCarlo.Curves.of(first.path("curves"));
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(firstDir.resolve("experiment.json"), "field curves: " + e.getMessage(), e);
        }
        Written out = new Written(dir, identity(new MonteCarlo.Plan(trial, start, replicas, Set.of(), -1, 1, kept)),
                trial.kind().label());
        double wall = 0;
        // curves are recorded for all replicas or none: when one shard holds them, every shard with replicas must
        // (a shard of no replica, as a deterministic engine's later shards, holds none)
        boolean curves = byIndex.values().stream().anyMatch(shard -> Files.exists(shard.resolve(CurvesCsv.FILE)));
        for (Map.Entry<Integer, Path> e : byIndex.entrySet()) {
            Path shard = e.getValue();
            MonteCarlo.Plan plan = new MonteCarlo.Plan(trial, start, replicas, Set.of(), -1, 1, MonteCarlo.Curves.NONE,
                    new Shard(e.getKey(), count));
            List<ExitTimesCsv.Row> rows = readChecked(shard.resolve("exit_times.csv"), plan);
            int expected = plan.inShard();
            if (rows.size() != expected) {
                throw new UsageException(shard + ": shard " + plan.shard() + " has finished " + rows.size() + " of its "
                        + expected + " replicas: resume it first");
            }
            out.rows.addAll(rows);
            wall += StrictJson.read(shard.resolve("summary.json")).number("wallSeconds", 0);
            Path curveFile = shard.resolve(CurvesCsv.FILE);
            if (curves && !rows.isEmpty()) {
                CurvesCsv.Table t = CurvesCsv.read(curveFile);
                CurvesCsv.requireReplicas(curveFile, t, rows.stream().map(ExitTimesCsv.Row::seed).toList(), true);
                out.curveColumns = t.columns();
                out.curves.putAll(t.replicas());
            }
        }
        out.write(true);
        List<ExitTimesCsv.Row> rows = new ArrayList<>(out.rows);
        rows.sort(Comparator.comparingInt(ExitTimesCsv.Row::seed));
        ExitStatistics stats = ExitStatistics.of(rows.stream().mapToDouble(ExitTimesCsv.Row::exitTime).toArray(),
                model.run().seed());
        MonteCarlo.Plan whole = new MonteCarlo.Plan(trial, start, replicas, Set.of(), -1, 1, out.curves.isEmpty()
                ? MonteCarlo.Curves.NONE : kept == MonteCarlo.Curves.OVERLAPS ? kept : MonteCarlo.Curves.RISK);
        Json.write(dir.resolve("summary.json"), Summaries.monteCarlo(whole, stats, rows.size(), wall));
        return new Merged(trial, start, replicas, new Outcome(List.copyOf(rows), List.of(), stats, out.table(), wall));
    }

    /** The first key path at which two JSON trees differ, with both values, or null when equal. */
    private static String difference(JsonNode a, JsonNode b, String path) {
        if (a.isObject() && b.isObject()) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String d = difference(a.path(name), b.path(name), path.isEmpty() ? name : path + "." + name);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return a.equals(b) ? null : path + " is " + a + " there and " + b + " here";
    }

    /** A shard's experiment.json, read strictly: what the experiment is, and the shard's place in it. */
    private static StrictJson experiment(Path shard) {
        if (!Files.exists(shard.resolve("experiment.json"))) {
            throw new UsageException(shard + " is not an exit-times folder (no experiment.json)");
        }
        StrictJson id = StrictJson.read(shard.resolve("experiment.json"));
        if (id.root().path("shard").isMissingNode()) {
            throw new UsageException(shard + " holds a whole experiment, not a shard (run it with --shard i/n)");
        }
        id.text("engine");
        id.text("start");
        id.object("model");
        return id;
    }

    /**
     * The rows of an exit_times.csv to resume, checked against the experiment: this engine, replica indices
     * in 0..replicas−1, each once. A hand-edited or foreign file is refused naming the line.
     */
    private static List<ExitTimesCsv.Row> readChecked(Path csv, MonteCarlo.Plan plan) {
        List<ExitTimesCsv.Row> rows = ExitTimesCsv.read(csv);
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
            if (!plan.shard().contains(r.seed())) {
                throw new UsageException(line + "replica " + r.seed() + " is not in shard " + plan.shard());
            }
            if (!seen.add(r.seed())) {
                throw new UsageException(line + "replica " + r.seed() + " appears twice");
            }
        }
        return rows;
    }

    /** A shard's place in its experiment, written into experiment.json and summary.json and checked by merge. */
    static Map<String, Object> shard(MonteCarlo.Plan plan) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("index", plan.shard().index());
        s.put("count", plan.shard().count());
        s.put("replicas", plan.replicas());
        return s;
    }

    /**
     * What an experiment is, checked on resume and merge: engine, start and model — without run.seeds, the
     * number of replicas, which a resume may raise (replica i's result does not depend on it).
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> identity(MonteCarlo.Plan plan) {
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("engine", plan.trial().kind().label());
        id.put("start", Summaries.label(plan.start()));
        Map<String, Object> model = ModelWriter.toTree(plan.trial().model());
        Map<String, Object> run = new LinkedHashMap<>((Map<String, Object>) model.get("run"));
        run.remove("seeds");
        model.put("run", run);
        id.put("model", model);
        if (!plan.shard().whole()) {
            id.put("shard", shard(plan));
        }
        if (plan.curves() == MonteCarlo.Curves.OVERLAPS) { // only then, so folders written before keep their identity
            id.put("curves", plan.curves().label());
        }
        return id;
    }

    /** Whether {@code out}'s folder holds {@code plan}'s experiment with every replica finished (read strictly). */
    private static boolean finishedHere(MonteCarlo.Plan plan, Written out) {
        if (!Files.exists(out.experimentFile) || !Files.exists(out.csv)) {
            return false;
        }
        try {
            checkSame(out.experimentFile, out.identity);
            return readChecked(out.csv, plan).size() == plan.inShard();
        } catch (UsageException | CorruptFileException e) {
            return false; // another experiment, or a damaged one: refused with the resume/new-folder advice
        }
    }

    private static void checkSame(Path experimentFile, Map<String, Object> identity) {
        try {
            JsonNode existing = StrictJson.read(experimentFile).root();
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

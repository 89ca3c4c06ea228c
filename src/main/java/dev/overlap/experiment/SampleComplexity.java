package dev.overlap.experiment;

import dev.overlap.engine.EngineKind;
import dev.overlap.io.ExitTimesCsv;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.stats.CensoredMedian;
import dev.overlap.stats.LineFit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Samples to reach test error ε against d ([XOR]'s n = d·polylog d claim). For every d the model is
 * re-read at that d (so its scalings of θ, p, m, η in d apply), every replica starts from its own
 * random network and stops at test error ≤ ε (exit.target-error); n = steps·batch at that crossing.
 * Each d is an {@link ExitTimesExperiment} in {@code <dir>/d-<d>/}, so runs resume; the report is
 * written by {@code report.SampleComplexityReport}. Censored replicas
 * count as n = +∞ in the median. Fits: log n on log d (slope), and log(n/d) on log log d (the
 * polylog exponent c of n = C·d·log^c d), each with a 95 % CI.
 */
public final class SampleComplexity {
    private SampleComplexity() {
    }

    /** One dimension's result; samples are per replica (NaN when ε was not reached). */
    public record Point(ModelSpec model, double[] samples, CensoredMedian median, double wallSeconds) {
        public int d() {
            return model.d();
        }
    }

    public record Result(EngineKind engine, double epsilon, List<Point> points, LineFit logLog, LineFit polylog) {
        public Result {
            points = List.copyOf(points);
        }
    }

    /** The command whose shards {@link #merge} combines. */
    public static final String COMMAND = "sample-complexity";

    /**
     * Runs every dimension's experiment (of {@code shard}'s replicas); returns the result, or null for a shard,
     * which writes its {@link ShardManifest} instead, for {@link #merge}.
     */
    public static Result run(IntFunction<ModelSpec> modelAt, List<Integer> dims, EngineKind engine, int seeds, int threads,
                             Path dir, boolean resume, Shard shard,
                             BiFunction<Integer, Integer, Consumer<ReplicaResult>> progress) {
        List<Point> points = new ArrayList<>();
        for (int d : dims) {
            ModelSpec base = modelAt.apply(d);
            ModelSpec model = base.withExit(base.exit().toTargetError());
            Trial trial = Trial.of(model, engine);
            MonteCarlo.Plan plan = new MonteCarlo.Plan(trial, MonteCarlo.StartMode.RANDOM, seeds, Set.of(), -1, threads,
                    MonteCarlo.Curves.NONE, shard);
            Consumer<ReplicaResult> bar = progress.apply(d, plan.inShard());
            ExitTimesExperiment.Outcome o;
            try {
                o = ExitTimesExperiment.run(plan, dir.resolve(folder(d)), resume, bar);
            } finally {
                closeQuietly(bar);
            }
            points.add(point(trial, o));
        }
        if (!shard.whole()) {
            ShardManifest.write(dir, COMMAND, shard, Map.of("engine", engine.label(), "dimensions", dims, "seeds", seeds));
            return null;
        }
        return result(engine, points);
    }

    /** Merges the shard folders of one sample-complexity run into {@code dir}, dimension by dimension. */
    public static Result merge(List<Path> shards, Path dir) {
        List<Path> ordered = ShardManifest.ordered(shards, COMMAND);
        com.fasterxml.jackson.databind.JsonNode run = ShardManifest.read(ordered.get(0)).run();
        List<Point> points = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode d : run.path("dimensions")) {
            String name = folder(d.asInt());
            ExitTimesExperiment.Merged m = ExitTimesExperiment.merge(ordered.stream().map(s -> s.resolve(name)).toList(),
                    dir.resolve(name));
            points.add(point(m.trial(), m.outcome()));
        }
        return result(EngineKind.parse(run.path("engine").asText()), points);
    }

    private static String folder(int d) {
        return "d-" + d;
    }

    /** n = steps·batch of every replica at its first crossing of ε, and their median. */
    private static Point point(Trial trial, ExitTimesExperiment.Outcome o) {
        double perSample = trial.samplesPerUnit();
        double[] samples = o.rows().stream().mapToDouble(ExitTimesCsv.Row::exitTime).map(t -> t * perSample).toArray();
        ModelSpec model = trial.model();
        return new Point(model, samples, CensoredMedian.of(samples, model.run().seed()), o.wallSeconds());
    }

    private static Result result(EngineKind engine, List<Point> points) {
        double epsilon = points.get(points.size() - 1).model().exit().targetError();
        return new Result(engine, epsilon, points, fitLogLog(points), fitPolylog(points));
    }

    private static void closeQuietly(Object progress) {
        if (progress instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // a progress display that fails to close loses nothing
            }
        }
    }

    /** log n = a + slope·log d over the dimensions with a finite median. */
    public static LineFit fitLogLog(List<Point> points) {
        List<Point> ok = finite(points);
        return LineFit.of(ok.stream().mapToDouble(p -> Math.log(p.d())).toArray(),
                ok.stream().mapToDouble(p -> Math.log(p.median().median())).toArray());
    }

    /** log(n/d) = log C + c·log log d: n = C·d·log^c d. */
    public static LineFit fitPolylog(List<Point> points) {
        List<Point> ok = finite(points);
        return LineFit.of(ok.stream().mapToDouble(p -> Math.log(Math.log(p.d()))).toArray(),
                ok.stream().mapToDouble(p -> Math.log(p.median().median() / p.d())).toArray());
    }

    /** The dimensions whose median is finite (fewer than half the replicas censored). */
    public static List<Point> finite(List<Point> points) {
        return points.stream().filter(p -> Double.isFinite(p.median().median())).toList();
    }
}

package dev.overlap.experiment;

import dev.overlap.engine.EngineKind;
import dev.overlap.io.ExitTimesCsv;
import dev.overlap.spec.ModelSpec;
import dev.overlap.stats.CensoredMedian;
import dev.overlap.stats.LineFit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    public static Result run(IntFunction<ModelSpec> modelAt, List<Integer> dims, EngineKind engine, int seeds, int threads,
                             Path dir, boolean resume, BiFunction<Integer, Integer, Consumer<ReplicaResult>> progress) {
        List<Point> points = new ArrayList<>();
        double epsilon = Double.NaN;
        for (int d : dims) {
            ModelSpec base = modelAt.apply(d);
            ModelSpec model = base.withExit(base.exit().toTargetError());
            epsilon = model.exit().targetError();
            Trial trial = Trial.of(model, engine);
            MonteCarlo.Plan plan = new MonteCarlo.Plan(trial, MonteCarlo.StartMode.RANDOM, seeds, Set.of(), -1, threads,
                    false);
            Consumer<ReplicaResult> bar = progress.apply(d, seeds);
            ExitTimesExperiment.Outcome o;
            try {
                o = ExitTimesExperiment.run(plan, dir.resolve("d-" + d), resume, bar);
            } finally {
                closeQuietly(bar);
            }
            double perSample = trial.samplesPerUnit();
            double[] samples = o.rows().stream().mapToDouble(ExitTimesCsv.Row::exitTime).map(t -> t * perSample).toArray();
            points.add(new Point(model, samples, CensoredMedian.of(samples, model.run().seed()), o.wallSeconds()));
        }
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

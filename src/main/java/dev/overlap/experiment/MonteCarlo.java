package dev.overlap.experiment;

import dev.overlap.engine.Engine;
import dev.overlap.engine.InitialConditions;
import dev.overlap.engine.Observer;
import dev.overlap.engine.RecordingGrid;
import dev.overlap.engine.Seeds;
import dev.overlap.engine.TimeAxis;
import dev.overlap.engine.TrajectoryRecorder;
import dev.overlap.engine.Weights;
import dev.overlap.exit.ExitCriteria;
import dev.overlap.exit.ExitDetector;
import dev.overlap.overlaps.HypercubeRisk;
import dev.overlap.overlaps.Observables;
import dev.overlap.overlaps.PopulationRisk;
import dev.overlap.overlaps.Risks;
import dev.overlap.problem.Problem;
import dev.overlap.spec.ExitSpec;
import dev.overlap.spec.Kinds;
import dev.overlap.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import java.util.random.RandomGenerator.SplittableGenerator;

/**
 * Runs replicas of one engine on one model. Replica i draws its initial network (random start)
 * and its noise from two generators split off stream i of run.seed ({@link Seeds#replicas}), so a replica's result is the same whatever the thread count or order. Finished
 * replicas are handed to a listener as they complete (for progress and incremental, atomic writes);
 * the returned list is ordered by replica index.
 */
public final class MonteCarlo {
    /** same: every replica from the model's initial condition (the [EM] setting); random: each draws its own. */
    public enum Start { SAME, RANDOM }

    /**
     * @param replicas   total replicas wanted (indices 0..replicas−1)
     * @param done       indices already finished (resume): not run again
     * @param budget     at most this many new replicas are run (simulates an interruption), or −1
     * @param recordRisk whether to record each replica's risk on the model's grid (and not stop at the exit)
     */
    public record Plan(ModelSpec model, String engine, Start start, int replicas, Set<Integer> done, int budget,
                       int threads, boolean recordRisk) {
        public Plan {
            done = Set.copyOf(done);
        }
    }

    private MonteCarlo() {
    }

    /** Runs the plan's missing replicas; {@code onFinished} is called from worker threads, one call at a time. */
    public static List<ReplicaResult> run(Plan plan, Consumer<ReplicaResult> onFinished) {
        ModelSpec model = plan.model();
        Problem problem = Problem.of(model);
        Weights sameStart = InitialConditions.build(model.initial(), problem);
        // One immutable test set shared by the replicas: only the full network can be measured on it.
        HypercubeRisk testSet = plan.engine().equals("sgd") ? Risks.testSet(model, problem) : null;
        List<SplittableGenerator> streams = Seeds.replicas(model.run().seed(), plan.replicas());
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < plan.replicas() && (plan.budget() < 0 || todo.size() < plan.budget()); i++) {
            if (!plan.done().contains(i)) {
                todo.add(i);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, plan.threads()), r -> {
            Thread t = new Thread(r, "overlap-replica");
            t.setDaemon(true);
            return t;
        });
        Map<Integer, Future<ReplicaResult>> futures = new TreeMap<>();
        Object lock = new Object();
        try {
            for (int i : todo) {
                SplittableGenerator stream = streams.get(i);
                futures.put(i, pool.submit(() -> {
                    ReplicaResult r = replica(plan, problem, sameStart, testSet, i, stream);
                    synchronized (lock) {
                        onFinished.accept(r);
                    }
                    return r;
                }));
            }
            List<ReplicaResult> out = new ArrayList<>();
            for (Future<ReplicaResult> f : futures.values()) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Indices of t, risk and the observables' curve columns in a trajectory row. */
    static int[] curveColumns(List<String> columns, Observables observables) {
        List<String> names = new ArrayList<>(List.of("t", "risk"));
        names.addAll(observables.curveNames());
        return names.stream().mapToInt(columns::indexOf).toArray();
    }

    private static ReplicaResult replica(Plan plan, Problem problem, Weights sameStart, HypercubeRisk testSet, int index,
                                         SplittableGenerator stream) {
        ModelSpec model = plan.model();
        // Both generators are split off the replica's stream inside the worker: deterministic in the
        // replica index, and allocated by this thread. Using the stream object itself, allocated next to
        // its neighbours by the main thread, made two workers share cache lines of generator state and
        // ran sgd replicas 3x slower on 2 threads than on 1 (false sharing).
        RandomGenerator initRng = stream.split();
        RandomGenerator noise = stream.split();
        Weights start = plan.start() == Start.SAME ? sameStart : InitialConditions.build(model.initial(), problem, initRng);
        double[] teacher = start.overlaps().teacherArray();
        Engine engine = Engines.create(plan.engine(), model, problem, teacher);
        PopulationRisk risk = Risks.of(model, problem, teacher);
        Observables observables = Risks.observables(model, problem, risk, testSet);
        boolean stop = !plan.recordRisk();
        ExitDetector exit = ExitCriteria.detector(model.exit().withStop(stop), risk, observables);
        Observer observer = exit;
        TrajectoryRecorder recorder = null;
        if (plan.recordRisk()) {
            TimeAxis time = TimeAxis.of(model.run().timeUnit(), problem);
            int points = model.run().grid() == Kinds.Grid.LOG ? model.run().pointsPerDecade() : model.run().points();
            recorder = new TrajectoryRecorder(new RecordingGrid(model.run().grid(), points, time.time(1), model.run().tMax()),
                    risk, observables);
            observer = Observer.all(exit, recorder);
        }
        engine.run(start, noise, observer);
        List<double[]> curve = new ArrayList<>();
        if (recorder != null) {
            List<String> columns = TrajectoryRecorder.columns(problem.p(), problem.k(), observables);
            int[] keep = curveColumns(columns, observables);
            for (double[] row : recorder.rows()) {
                double[] kept = new double[keep.length];
                for (int c = 0; c < keep.length; c++) {
                    kept[c] = row[keep[c]];
                }
                curve.add(kept);
            }
        }
        return new ReplicaResult(index, plan.engine(), exit.exitTime().orElse(Double.NaN), curve);
    }
}

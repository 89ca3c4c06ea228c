package dev.overlap.experiment;

import dev.overlap.engine.Observer;
import dev.overlap.engine.Seeds;
import dev.overlap.engine.Start;
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
 * Runs replicas of one {@link Trial}. Replica i draws its initial condition (random start) and its
 * noise from two generators split off stream i of run.seed ({@link Seeds#replicas}), so a replica's
 * result is the same whatever the thread count or order. Finished replicas are handed to a listener as
 * they complete (for progress and incremental, atomic writes); the returned list is ordered by replica.
 */
public final class MonteCarlo {
    /** same: every replica from the model's initial condition (the [EM] setting); random: each draws its own. */
    public enum StartMode { SAME, RANDOM }

    /**
     * What each replica keeps on the model's recording grid: nothing (it stops at its exit), its risk and the
     * observables' curve columns, or every overlap as well (M, Q, a: the columns of trajectory.csv).
     */
    public enum Curves {
        NONE, RISK, OVERLAPS;

        /** The name on the command line and in outputs. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The curves named {@code name}; an unknown name is an {@link IllegalArgumentException} listing the known ones. */
        public static Curves parse(String name) {
            for (Curves c : values()) {
                if (c.label().equals(name)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("'" + name + "' is not a curve set; expected none, risk or overlaps");
        }

        /**
         * The curves a saved file records: a name, or (files written before overlaps could be kept) true for risk and
         * false for none; an absent field is none.
         */
        static Curves of(com.fasterxml.jackson.databind.JsonNode field) {
            if (field.isBoolean()) {
                return field.asBoolean() ? RISK : NONE;
            }
            return field.isMissingNode() ? NONE : parse(field.asText());
        }
    }

    /**
     * @param replicas total replicas wanted (indices 0..replicas−1)
     * @param done     indices already finished (resume): not run again
     * @param budget   at most this many new replicas are run (simulates an interruption), or −1
     * @param curves   what each replica records on the model's grid (then it runs to t-max, not stopping at the exit)
     * @param shard    which of the replicas this plan runs (all of them, or every n-th)
     */
    public record Plan(Trial trial, StartMode start, int replicas, Set<Integer> done, int budget, int threads,
                       Curves curves, Shard shard) {
        public Plan {
            done = Set.copyOf(done);
        }

        /** A plan for all replicas. */
        public Plan(Trial trial, StartMode start, int replicas, Set<Integer> done, int budget, int threads, Curves curves) {
            this(trial, start, replicas, done, budget, threads, curves, Shard.WHOLE);
        }

        /** Whether replicas record curves (and so run to t-max). */
        public boolean recordsCurves() {
            return curves != Curves.NONE;
        }

        /** How many replicas this plan's shard holds (all of them when whole). */
        public int inShard() {
            return (int) java.util.stream.IntStream.range(0, replicas).filter(shard::contains).count();
        }

        /** The same plan with these replicas already done. */
        public Plan skipping(Set<Integer> finished) {
            return new Plan(trial, start, replicas, finished, budget, threads, curves, shard);
        }
    }

    private MonteCarlo() {
    }

    /** Runs the plan's missing replicas; {@code onFinished} is called from worker threads, one call at a time. */
    public static List<ReplicaResult> run(Plan plan, Consumer<ReplicaResult> onFinished) {
        Trial trial = plan.trial();
        Start sameStart = plan.start() == StartMode.SAME ? trial.start() : null;
        List<SplittableGenerator> streams = Seeds.replicas(trial.model().run().seed(), plan.replicas());
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < plan.replicas() && (plan.budget() < 0 || todo.size() < plan.budget()); i++) {
            if (plan.shard().contains(i) && !plan.done().contains(i)) {
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
                    ReplicaResult r = replica(plan, sameStart, i, stream);
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

    /** The columns a replica keeps as its curve: t, step, risk and the observables' curve columns. */
    static List<String> curveColumns(List<String> curveNames) {
        List<String> names = new ArrayList<>(List.of("t", "step", "risk"));
        names.addAll(curveNames);
        return names;
    }

    private static ReplicaResult replica(Plan plan, Start sameStart, int index, SplittableGenerator stream) {
        Trial trial = plan.trial();
        // Both generators are split off the replica's stream inside the worker: deterministic in the
        // replica index, and allocated by this thread. Using the stream object itself, allocated next to
        // its neighbours by the main thread, made two workers share cache lines of generator state and
        // ran sgd replicas 3x slower on 2 threads than on 1 (false sharing).
        RandomGenerator initRng = stream.split();
        RandomGenerator noise = stream.split();
        Start start = sameStart != null ? sameStart : trial.start(initRng);
        Trial.Outcome o = trial.run(start, noise, plan.recordsCurves(), !plan.recordsCurves(), Observer.NONE);
        List<double[]> curve = new ArrayList<>();
        List<String> names = switch (plan.curves()) {
            case NONE -> List.of();
            case RISK -> curveColumns(o.curves());
            case OVERLAPS -> o.columns();
        };
        if (plan.recordsCurves()) {
            int[] keep = names.stream().mapToInt(o.columns()::indexOf).toArray();
            for (double[] row : o.rows()) {
                double[] kept = new double[keep.length];
                for (int c = 0; c < keep.length; c++) {
                    kept[c] = row[keep[c]];
                }
                curve.add(kept);
            }
        }
        return new ReplicaResult(index, trial.kind(), o.exitTime().orElse(Double.NaN), names, curve);
    }
}

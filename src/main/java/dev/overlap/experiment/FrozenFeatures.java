package dev.overlap.experiment;

import dev.overlap.engine.Seeds;
import dev.overlap.linalg.Vectors;
import dev.overlap.problem.InputLaw;
import dev.overlap.problem.Problem;
import dev.overlap.problem.UpdateRule;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;

/**
 * The lazy (random-features) baseline on the hypercube: the first layer frozen at its random start, only the
 * second layer trained by online SGD (B = 1), a fresh input per step. The problem gives the inputs, the
 * activation, the loss and the teacher; the network is its own: P features (P ≫ d, which no overlap engine
 * allows, since they need d ≥ p + k) read out in the mean-field form ŷ = (1/P) Σ_j a_j σ(λ_j), with
 * per-neuron gradients scaled by P (a_j ← a_j − r·P·∂ℓ/∂a_j), so one step moves ŷ by O(r) at every P. The
 * per-sample gradient is the problem's {@link UpdateRule}'s.
 * The network is then a linear model on p fixed features σ(λ_j), and a degree-2 target such as XOR is
 * learned only through the kernel's degree-2 eigenvalues, which are O(1/d²): such a model needs ~d² samples
 * (docs/theory.md §8), where the network trained on both layers needs d·polylog d.
 *
 * <p>Rows are drawn uniform on the sphere of radius 1/s (s the field scale), so each field λ_j has unit
 * variance; a = 0 at the start. The test error P(sign ŷ ≠ y) is measured on a fixed set of uniform hypercube
 * inputs whose fields are computed once, at steps on a geometric grid (ratio {@link #GRID_RATIO}), so a
 * run's samples-to-ε are resolved to that ratio, the same at every d.
 */
public final class FrozenFeatures {
    /** Successive test-error evaluations are at steps growing by this factor (at least one step apart). */
    public static final double GRID_RATIO = 1.05;

    private FrozenFeatures() {
    }

    /** Where the frozen rows point. */
    public enum Rows {
        /** Uniform on the sphere: the random-features model. */
        RANDOM,
        /**
         * In the plane of the teacher coordinates only: features that already see the signal (the claim's
         * falsifier), for which XOR is a fixed low-dimensional problem whatever d.
         */
        SIGNAL_PLANE
    }

    /**
     * @param features P, the number of frozen features
     * @param rate     r, the per-neuron (mean-field) second-layer rate
     * @param maxSteps a run that has not reached ε by then is censored (+∞)
     * @param testSize uniform hypercube inputs in the fixed test set
     */
    public record Settings(Rows rows, int features, double rate, long maxSteps, int testSize, double epsilon) {
        public Settings {
            require(features >= 1, "features must be >= 1, got " + features);
            require(rate > 0, "rate must be > 0, got " + rate);
            require(maxSteps >= 1, "maxSteps must be >= 1, got " + maxSteps);
            require(testSize >= 1, "testSize must be >= 1, got " + testSize);
            require(epsilon > 0 && epsilon < 1, "epsilon must be in (0, 1), got " + epsilon);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException("frozen features: " + message);
            }
        }
    }

    /** A run that has finished: its index and its samples to ε (+∞ when censored). */
    @FunctionalInterface
    public interface Finished {
        void run(int replica, double samples);
    }

    /**
     * Samples (= steps) until the test error first falls to ε, for {@code replicas} independent runs (replica i
     * uses stream i of {@code seed}: rows, then test set, then training inputs), +∞ when censored. The result
     * does not depend on {@code threads}.
     */
    public static double[] samplesToError(Problem problem, Settings settings, long seed, int replicas, int threads) {
        return samplesToError(problem, settings, seed, replicas, threads, Map.of(), (i, n) -> { });
    }

    /**
     * As above, skipping the runs already in {@code done} (index → samples, from an interrupted call) and
     * reporting every other run to {@code finished} as it ends (from a worker thread, one call at a time), so a
     * caller can keep finished runs and show progress: a run at P = 2d², d = 96 takes minutes.
     */
    public static double[] samplesToError(Problem problem, Settings settings, long seed, int replicas, int threads,
                                          Map<Integer, Double> done, Finished finished) {
        if (!(problem.inputs() instanceof InputLaw.Rademacher) || problem.batch() != 1) {
            throw new IllegalArgumentException("the frozen-features baseline runs on hypercube inputs with batch 1");
        }
        List<? extends RandomGenerator> streams = Seeds.replicas(seed, replicas);
        double[] out = new double[replicas];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            Map<Integer, Future<Double>> runs = new TreeMap<>();
            for (int i = 0; i < replicas; i++) {
                int replica = i;
                if (done.containsKey(replica)) {
                    out[replica] = done.get(replica);
                    continue;
                }
                runs.put(replica, pool.submit(() -> {
                    double samples = run(problem, settings, streams.get(replica));
                    synchronized (finished) {
                        finished.run(replica, samples);
                    }
                    return samples;
                }));
            }
            for (Map.Entry<Integer, Future<Double>> run : runs.entrySet()) {
                out[run.getKey()] = run.getValue().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    /**
     * Inputs whose fields are computed together: the rows never move, so the fields of the next BLOCK inputs
     * can be computed before the steps that use them, each row read once for the block instead of once per
     * input (at P = 2d², d = 96 the rows are 14 MB, beyond the cache). Every field is the same dot product as
     * one input at a time, and the draws keep their order (x_t, then its label noise ξ_t), so the runs are
     * the same to the bit.
     */
    private static final int BLOCK = 32;

    /** One run: the number of samples at the first evaluation with test error ≤ ε, or +∞. */
    static double run(Problem problem, Settings settings, RandomGenerator rng) {
        int p = settings.features();
        int d = problem.d();
        int[] signal = problem.teacherCoordinates();
        UpdateRule given = problem.rule();
        UpdateRule rule = new UpdateRule(given.activation(), 1.0 / p, given.loss(), given.teacher(), given.noise());
        double s = problem.fieldScale();
        double rateA = settings.rate() * p;
        double[][] w = rows(settings.rows(), p, d, s, signal, rng);
        InputLaw law = problem.inputs();
        double[][] xs = new double[BLOCK][d];
        double[] nu = new double[signal.length];

        int n = settings.testSize();
        // the test inputs' fields, computed once: the rows never move, so an evaluation costs n·P, not n·P·d
        double[][] testFields = new double[n][];
        double[] testLabels = new double[n];
        for (int t0 = 0; t0 < n; t0 += BLOCK) {
            int count = Math.min(BLOCK, n - t0);
            double[][] block = new double[count][p];
            for (int b = 0; b < count; b++) {
                law.sample(rng, xs[b]);
                testLabels[t0 + b] = rule.label(teacherFields(xs[b], signal, nu), 0);
                testFields[t0 + b] = block[b];
            }
            fields(w, xs, count, s, block);
        }

        double[][] lambdas = new double[BLOCK][p];
        double[] labels = new double[BLOCK];
        double[] a = new double[p];
        double[] g = new double[p];
        double[] gA = new double[p];
        long nextCheck = 1;
        for (long first = 1; first <= settings.maxSteps(); first += BLOCK) {
            int count = (int) Math.min(BLOCK, settings.maxSteps() - first + 1);
            for (int b = 0; b < count; b++) {
                law.sample(rng, xs[b]);
                labels[b] = rule.label(teacherFields(xs[b], signal, nu), rng.nextGaussian());
            }
            fields(w, xs, count, s, lambdas);
            for (int b = 0; b < count; b++) {
                long step = first + b;
                rule.gradients(lambdas[b], labels[b], a, g, gA);
                for (int j = 0; j < p; j++) {
                    a[j] -= rateA * gA[j];
                }
                if (step == nextCheck) {
                    if (testError(rule, testFields, testLabels, a) <= settings.epsilon()) {
                        return step;
                    }
                    nextCheck = Math.max(step + 1, (long) Math.ceil(step * GRID_RATIO));
                }
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static double[][] rows(Rows kind, int p, int d, double s, int[] signal, RandomGenerator rng) {
        double[][] w = new double[p][d];
        for (double[] row : w) {
            if (kind == Rows.RANDOM) {
                for (int i = 0; i < d; i++) {
                    row[i] = rng.nextGaussian();
                }
            } else {
                for (int c : signal) {
                    row[c] = rng.nextGaussian();
                }
            }
            Vectors.scale(1 / (s * Math.sqrt(Vectors.dot(row, row))), row);
        }
        return w;
    }

    /** lambda[b][j] = s·w_j·x_b for the first {@code count} inputs, row by row (each row read once). */
    private static void fields(double[][] w, double[][] xs, int count, double s, double[][] lambda) {
        for (int j = 0; j < w.length; j++) {
            double[] row = w[j];
            for (int b = 0; b < count; b++) {
                lambda[b][j] = s * Vectors.dot(row, xs[b]);
            }
        }
    }

    /** ν_r = x_{i_r}: the teacher rows are √d·e_{i_r} and the teacher fields are scaled by 1/√d. */
    private static double[] teacherFields(double[] x, int[] signal, double[] nu) {
        for (int r = 0; r < signal.length; r++) {
            nu[r] = x[signal[r]];
        }
        return nu;
    }

    /** P(sign ŷ ≠ y) on the test set, ŷ from {@link UpdateRule#predict}. */
    private static double testError(UpdateRule rule, double[][] fields, double[] labels, double[] a) {
        int wrong = 0;
        for (int t = 0; t < fields.length; t++) {
            double yHat = rule.predict(fields[t], a);
            if (yHat * labels[t] <= 0) {
                wrong++;
            }
        }
        return (double) wrong / fields.length;
    }
}

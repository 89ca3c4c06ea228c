package dev.overlap.cli;

import dev.overlap.engine.EngineKind;
import dev.overlap.engine.Seeds;
import dev.overlap.engine.Start;
import dev.overlap.engine.TimeAxis;
import dev.overlap.experiment.Trial;
import dev.overlap.exit.ExitCriteria;
import dev.overlap.overlaps.PopulationRisk;
import dev.overlap.spec.ModelLoader;
import dev.overlap.spec.UsageException;
import dev.overlap.spec.ModelSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Steps per second of an engine, next to the cost of drawing the d Gaussians a full-SGD step needs,
 * measured in the same process and run, so the ratio is meaningful on any machine.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure steps per second of an engine against drawing d Gaussians (JDK sampler).")
final class BenchCommand implements Callable<Integer> {
    /** Phase retrieval ([EM]): the benchmark workload. */
    private static final String MODEL = """
            inputs: gaussian
            teacher: {target: committee, k: 1, activation: square, noise: 1.0e-4}
            student: {activation: square, readout: mean}
            training: {loss: square, learning-rate: 0.1, spherical: true}
            initial: {kind: random, seed: 9}
            run: {t-max: 1}
            """;

    @Option(names = "--engine", defaultValue = "sgd", description = "Engine to measure: sgd, chain (against sgd), sde or ode "
            + "(default: ${DEFAULT-VALUE}).")
    EngineKind engine;

    @Option(names = "--d", split = ",", description = "Input dimensions (default: 3000; 3000,100000 for chain).")
    List<Integer> dims;

    /** The first dimension, for engines measured at one d. */
    private int d;

    @Option(names = "--p", split = ",", description = "Widths to measure (default: 1,8 for sgd; 1,2,8,32 for ode).")
    List<Integer> widths;

    @Option(names = "--seconds", defaultValue = "2", description = "Measured seconds per figure, after as long a warm-up (default: ${DEFAULT-VALUE}).")
    double seconds;

    /** XOR on the hypercube with a ReLU student and the logistic loss: the generic (Sobol) drift. */
    private static final String LOGISTIC_MODEL = """
            inputs: rademacher
            teacher: {target: xor}
            student: {p: 2, activation: relu, readout: sum, second-layer: trained}
            training: {loss: logistic, loss-prefactor: 2, learning-rate: 0.1}
            initial: {kind: random, seed: 9}
            exit: {criterion: risk-drop, threshold: 0.01, stop: true}
            run: {t-max: 10}
            """;

    @Override
    public Integer call() {
        if (!(seconds > 0 && seconds <= 3600)) {
            throw new UsageException("command line: --seconds: must lie in (0, 3600], got " + seconds);
        }
        if (widths != null && widths.stream().anyMatch(p -> p < 1 || p > 10_000)) {
            throw new UsageException("command line: --p: widths must lie in 1..10000, got " + widths);
        }
        int widest = widths == null ? 32 : widths.stream().mapToInt(Integer::intValue).max().orElse(1);
        if (dims != null && dims.stream().anyMatch(x -> x < widest + 2)) {
            throw new UsageException("command line: --d: dimensions must be at least p + k = " + (widest + 2)
                    + " (the logistic model has k = 2), got " + dims);
        }
        if (dims == null) {
            dims = engine == EngineKind.CHAIN ? List.of(3000, 100_000) : List.of(3000);
        }
        d = dims.get(0);
        switch (engine) {
            case ODE:
                return benchOde();
            case CHAIN:
                return benchChain();
            case SDE:
                return benchSde();
            default:
                break;
        }
        System.out.printf("overlap bench: engine %s, d = %d, %.1f s measured per figure after %.1f s warm-up (%s, %d cores)%n",
                engine, d, seconds, seconds, System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors());
        RandomGenerator rng = Seeds.replica(1, 0);
        double[] sink = new double[1];
        double draw = microsPerOp(n -> {
            double s = 0;
            for (long i = 0; i < n * d; i++) {
                s += rng.nextGaussian();
            }
            sink[0] += s;
        });
        System.out.printf("  draw d = %d Gaussians (L64X128MixRandom.nextGaussian): %10.2f us%n", d, draw);
        for (int p : widths == null ? List.of(1, 8) : widths) {
            Trial trial = Trial.of(ModelLoader.parse("bench", "bench", MODEL,
                    Map.of("d", Integer.toString(d), "student.p", Integer.toString(p))), EngineKind.SGD);
            Start start = trial.start();
            double perStep = microsPerOp(n -> steps(trial, n).run(start.copy(), rng, (step, t, state) -> true));
            System.out.printf("  %s step, p = %-3d: %10.2f us  (%,.0f steps/s; %.2f x the Gaussian draws)%n",
                    engine, p, perStep, 1e6 / perStep, perStep / draw);
        }
        if (sink[0] == 42) { // reads the sum of the draws so the JIT cannot drop the drawing loop
            System.out.println();
        }
        return 0;
    }

    /** Chain and sgd steps at each d and width, measured in the same run: the ratio is the chain's speed-up. */
    private Integer benchChain() {
        System.out.printf("overlap bench: chain vs sgd, %.1f s measured per figure after %.1f s warm-up%n", seconds, seconds);
        for (int dim : dims) {
            for (int p : widths == null ? List.of(1, 8) : widths) {
                Trial sgdTrial = Trial.of(ModelLoader.parse("bench", "bench", MODEL,
                        Map.of("d", Integer.toString(dim), "student.p", Integer.toString(p))), EngineKind.SGD);
                Trial chainTrial = sgdTrial.with(EngineKind.CHAIN);
                Start start = sgdTrial.start();
                RandomGenerator rng = Seeds.replica(1, 0);
                double sgd = microsPerOp(n -> steps(sgdTrial, n).run(start.copy(), rng, (st, t, s) -> true));
                double chainStep = microsPerOp(n -> steps(chainTrial, n).run(start, rng, (st, t, s) -> true));
                System.out.printf("  d = %-7d p = %-2d: sgd %10.3f us/step (%,12.0f steps/s), chain %8.3f us/step "
                        + "(%,12.0f steps/s): chain %,.0f x faster%n", dim, p, sgd, 1e6 / sgd, chainStep, 1e6 / chainStep,
                        sgd / chainStep);
            }
        }
        return 0;
    }

    /** Euler–Maruyama steps of the SDE (drift plus the update-rule covariance at every step). */
    private Integer benchSde() {
        System.out.printf("overlap bench: engine sde, d = %d, %.1f s measured per figure after %.1f s warm-up%n", d,
                seconds, seconds);
        for (int p : widths == null ? List.of(1, 2, 8) : widths) {
            Trial trial = Trial.of(ModelLoader.parse("bench", "bench", MODEL,
                    Map.of("d", Integer.toString(d), "student.p", Integer.toString(p), "run.t-max", "1e9")), EngineKind.SDE);
            Start start = trial.start();
            RandomGenerator rng = Seeds.replica(1, 0);
            double micros = microsPerOp(n -> {
                long[] left = {n};
                trial.engine().run(start, rng, (st, t, s) -> left[0]-- > 0);
            });
            System.out.printf("  sde step, p = %-2d: %10.2f us (%,10.0f steps/s)%n", p, micros, 1e6 / micros);
        }
        return 0;
    }

    /** Wall time of one exit-time integration (to the exit or t-max) per width, fast path, then the generic path. */
    private Integer benchOde() {
        System.out.printf("overlap bench: engine ode, one exit-time integration (Dormand-Prince 8(5,3), rtol 1e-10), "
                + "d = %d, best of repeats over %.1f s after %.1f s warm-up%n", d, seconds, seconds);
        for (int p : widths == null ? List.of(1, 2, 8, 32) : widths) {
            ModelSpec model = ModelLoader.parse("bench", "bench", MODEL, Map.of("d", Integer.toString(d),
                    "student.p", Integer.toString(p), "exit.stop", "true"));
            System.out.printf("  ode, square fast path, p = %-3d: %10.1f us%n", p, odeMicros(model));
        }
        ModelSpec logistic = ModelLoader.parse("bench", "bench", LOGISTIC_MODEL, Map.of("d", Integer.toString(d)));
        System.out.printf("  ode, generic path (Sobol, %d points), logistic loss, p = 2: %10.1f us%n",
                logistic.run().qmcPoints(), odeMicros(logistic));
        return 0;
    }

    private double odeMicros(ModelSpec model) {
        Trial trial = Trial.of(model, EngineKind.ODE);
        Start start = trial.start();
        var ode = trial.engine();
        PopulationRisk risk = trial.risk();
        return microsPerOp(n -> {
            for (long i = 0; i < n; i++) {
                ode.run(start, null, ExitCriteria.detector(trial.exit(), risk));
            }
        });
    }

    /** The trial's engine, timed in steps and run for n of them (set-up outside the timed loop is the caller's). */
    private static dev.overlap.engine.Engine steps(Trial trial, long n) {
        return trial.kind().create(trial.problem(), trial.numerics(), new TimeAxis(TimeAxis.Unit.STEPS, 1), n);
    }

    /** Something timed n times. */
    private interface Work {
        void run(long n);
    }

    /** Mean microseconds per operation: calibrate n to ~0.1 s, warm up, then time the best of repeats. */
    private double microsPerOp(Work work) {
        long n = 1;
        while (true) {
            long t0 = System.nanoTime();
            work.run(n);
            if (System.nanoTime() - t0 > 1e8) {
                break;
            }
            n *= 2;
        }
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            work.run(n);
        }
        double best = Double.MAX_VALUE;
        deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            work.run(n);
            best = Math.min(best, (System.nanoTime() - t0) / 1e3 / n);
        }
        return best;
    }
}

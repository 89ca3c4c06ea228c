package dev.overlap.experiment;

import dev.overlap.engine.Engine;
import dev.overlap.engine.EngineKind;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.engine.Observer;
import dev.overlap.engine.Seeds;
import dev.overlap.engine.Start;
import dev.overlap.engine.TimeAxis;
import dev.overlap.engine.ode.Drift;
import dev.overlap.engine.ode.OdeEngine;
import dev.overlap.exit.ExitCriteria;
import dev.overlap.linalg.Vectors;
import dev.overlap.overlaps.OverlapBuffer;
import dev.overlap.overlaps.OverlapState;
import dev.overlap.problem.Problem;
import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Microseconds per step of an engine, next to three references measured in the same run on the same
 * shapes, so that ratios mean the same on any machine: drawing the d Gaussians of one input; one
 * streaming pass over a p×d array (y ← (y + αx)·r row by row: reading and writing W once, the memory
 * bound of a full step); and the two matrix products of a batched step (fields X·Wᵀ, B×d by d×p, and
 * gradient Gᵀ·X, p×B by B×d) with EJML. Steps are timed from the engine's first observation to its
 * n-th, so set-up (factorisations, overlap computations, copies of the network) is never counted. An
 * ODE "step" is one whole exit-time integration, the unit a user waits for.
 */
public final class Benchmark {
    /** Reference costs in microseconds, measured in the same run as the row. */
    public record References(double gaussians, double stream, double product) {
    }

    /**
     * One measured figure; {@code microsPerStep} is per exit-time integration for the ODE, with its breakdown
     * ({@code ode}, null for the other engines).
     */
    public record Row(String model, String engine, int d, int p, int batch, double microsPerStep, References references,
                      OdeBreakdown ode) {
    }

    /**
     * Where an ODE exit-time integration's time goes: drift evaluations per integration, microseconds per drift
     * evaluation (at the start, timed apart), the rest (integrator, coordinates, observers, event location) as a
     * fraction of the integration, and the reference of one p×p matrix product (EJML) measured in the same run.
     */
    public record OdeBreakdown(long evaluations, double driftMicros, double outsideFraction, double productMicros) {
        /** A drift evaluation as a multiple of one p×p product. */
        public double productsPerEvaluation() {
            return driftMicros / productMicros;
        }
    }

    private final double seconds;
    private double sink;

    /** @param seconds measured seconds per figure, after as long a warm-up */
    public Benchmark(double seconds) {
        this.seconds = seconds;
    }

    public Row measure(Trial trial, References references) {
        Problem problem = trial.problem();
        if (trial.kind() == EngineKind.ODE) {
            OdeEngine ode = (OdeEngine) trial.engine();
            double micros = exitIntegration(trial, ode);
            return new Row(trial.model().name(), trial.kind().label(), problem.d(), problem.p(), problem.batch(), micros,
                    references, breakdown(trial, ode, micros));
        }
        return new Row(trial.model().name(), trial.kind().label(), problem.d(), problem.p(), problem.batch(), steps(trial),
                references, null);
    }

    /** Counts one integration's drift evaluations and times one evaluation at the start and one p×p product. */
    private OdeBreakdown breakdown(Trial trial, OdeEngine ode, double integrationMicros) {
        Drift drift = ode.drift();
        long before = drift.evaluations();
        ode.run(trial.start(), null, ExitCriteria.detector(trial.exit(), trial.risk()));
        long evaluations = drift.evaluations() - before;
        OverlapState s = ode.asIntegrated(trial.start().overlaps());
        double[] q = s.qArray();
        double[] m = s.mArray();
        double[] a = s.aArray();
        double[] dq = new double[q.length];
        double[] dm = new double[m.length];
        double[] da = new double[a.length];
        double driftMicros = microsPerOp(n -> {
            long t0 = System.nanoTime();
            for (long i = 0; i < n; i++) {
                drift.evaluate(q, m, a, dq, dm, da);
            }
            sink += dq[0];
            return System.nanoTime() - t0;
        });
        int p = drift.p();
        RandomGenerator rng = Seeds.replica(1, 0);
        DMatrixRMaj x = DMatrixRMaj.wrap(p, p, gaussianArray(rng, p * p));
        DMatrixRMaj y = DMatrixRMaj.wrap(p, p, gaussianArray(rng, p * p));
        DMatrixRMaj z = new DMatrixRMaj(p, p);
        double productMicros = microsPerOp(n -> {
            long t0 = System.nanoTime();
            for (long i = 0; i < n; i++) {
                CommonOps_DDRM.mult(x, y, z);
            }
            sink += z.get(0, 0);
            return System.nanoTime() - t0;
        });
        double outside = Math.max(0, 1 - evaluations * driftMicros / integrationMicros);
        return new OdeBreakdown(evaluations, driftMicros, outside, productMicros);
    }

    /**
     * One Kolmogorov exit-time law of the model (docs/theory.md §10: three grids, moments, survival), against one ODE
     * exit-time integration of the same model measured in the same run.
     */
    public record LawRow(int d, int p, double seconds, double odeMicros) {
    }

    /**
     * Times {@link Theory#kolmogorov} on the model, once after a warm-up solve at p = 1 (a law takes seconds, not
     * microseconds; at p = 2 it takes a minute or more, in which the JIT's warm-up is lost).
     */
    public LawRow kolmogorov(ModelSpec model) {
        if (model.student().p() == 1) {
            Theory.kolmogorov(model, model.d());
        }
        long t0 = System.nanoTime();
        Theory.Kolmogorov law = Theory.kolmogorov(model, model.d());
        double seconds = (System.nanoTime() - t0) * 1e-9;
        if (law.law().isEmpty()) {
            throw new dev.overlap.modelfile.UsageException("command line: --kolmogorov: " + law.scope());
        }
        sink += law.law().get().mean();
        return new LawRow(model.d(), model.student().p(), seconds, exitIntegration(Trial.of(model, EngineKind.ODE)));
    }

    /** The three references for a problem's shapes. */
    public References references(Problem problem) {
        int d = problem.d();
        int p = problem.p();
        int batch = problem.batch();
        RandomGenerator rng = Seeds.replica(1, 0);
        double[] x = new double[d];
        double gaussians = microsPerOp(n -> {
            long t0 = System.nanoTime();
            double s = 0;
            for (long i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    double v = rng.nextGaussian();
                    x[j] = v;
                    s += v;
                }
            }
            sink += s;
            return System.nanoTime() - t0;
        });
        double[][] w = new double[p][d];
        double stream = microsPerOp(n -> {
            long t0 = System.nanoTime();
            for (long i = 0; i < n; i++) {
                for (double[] row : w) {
                    Vectors.axpyScale(1e-9, x, row, 0.999);
                }
            }
            sink += w[p - 1][d - 1];
            return System.nanoTime() - t0;
        });
        DMatrixRMaj inputs = DMatrixRMaj.wrap(batch, d, gaussianArray(rng, batch * d));
        DMatrixRMaj weights = DMatrixRMaj.wrap(p, d, gaussianArray(rng, p * d));
        DMatrixRMaj fields = new DMatrixRMaj(batch, p);
        DMatrixRMaj signals = DMatrixRMaj.wrap(batch, p, gaussianArray(rng, batch * p));
        DMatrixRMaj gradient = new DMatrixRMaj(p, d);
        double product = microsPerOp(n -> {
            long t0 = System.nanoTime();
            for (long i = 0; i < n; i++) {
                CommonOps_DDRM.multTransB(inputs, weights, fields);
                CommonOps_DDRM.multTransA(signals, inputs, gradient);
            }
            sink += fields.get(0, 0) + gradient.get(0, 0);
            return System.nanoTime() - t0;
        });
        return new References(gaussians, stream, product);
    }

    private static double[] gaussianArray(RandomGenerator rng, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextGaussian();
        }
        return a;
    }

    /** Steps of the trial's engine, timed between its first observation and the n-th after it. */
    private double steps(Trial trial) {
        Engine engine = Engines.create(trial.kind(), trial.problem(), trial.numerics(), new TimeAxis(TimeAxis.Unit.STEPS, 1), 1e15);
        Start start = trial.start();
        RandomGenerator rng = Seeds.replica(1, 0);
        return microsPerOp(n -> {
            Start copy = trial.kind().needsNetwork() ? start.copy() : start; // sgd trains its network in place
            StepClock clock = new StepClock(n);
            engine.run(copy, rng, clock);
            return clock.elapsed();
        });
    }

    /** One exit-time integration of the ODE from the trial's start (to the exit or t-max). */
    private double exitIntegration(Trial trial) {
        return exitIntegration(trial, trial.engine());
    }

    private double exitIntegration(Trial trial, Engine ode) {
        Start start = trial.start();
        return microsPerOp(n -> {
            long t0 = System.nanoTime();
            for (long i = 0; i < n; i++) {
                ode.run(start, null, ExitCriteria.detector(trial.exit(), trial.risk()));
            }
            return System.nanoTime() - t0;
        });
    }

    /** Stops a run after n steps past its first observation, and times them. */
    private static final class StepClock implements Observer {
        private final long steps;
        private long seen = -1;
        private long t0;
        private long t1;

        StepClock(long steps) {
            this.steps = steps;
        }

        @Override
        public boolean observe(long step, double t, OverlapBuffer state) {
            long now = System.nanoTime();
            if (++seen == 0) {
                t0 = now;
                return true;
            }
            t1 = now;
            return seen < steps;
        }

        long elapsed() {
            if (seen < steps) {
                throw new IllegalStateException("the engine stopped after " + seen + " of " + steps + " steps");
            }
            return t1 - t0;
        }
    }

    /** Something done n times, returning the nanoseconds it measured. */
    private interface Work {
        long run(long n);
    }

    /** Microseconds per operation: calibrate n to ~0.1 s, warm up, then the best of repeats over the measured time. */
    private double microsPerOp(Work work) {
        long n = 1;
        while (work.run(n) < 100_000_000L) {
            n *= 2;
        }
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            work.run(n);
        }
        double best = Double.MAX_VALUE;
        deadline = System.nanoTime() + (long) (seconds * 1e9);
        do {
            best = Math.min(best, work.run(n) / 1e3 / n);
        } while (System.nanoTime() < deadline);
        return best;
    }

    /** Read so that the JIT cannot drop the references' loops. */
    public double sink() {
        return sink;
    }
}

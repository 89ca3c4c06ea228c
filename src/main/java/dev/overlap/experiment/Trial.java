package dev.overlap.experiment;

import dev.overlap.engine.Engine;
import dev.overlap.engine.EngineKind;
import dev.overlap.engine.InitialCondition;
import dev.overlap.engine.InitialConditions;
import dev.overlap.engine.Numerics;
import dev.overlap.engine.Observer;
import dev.overlap.engine.Seeds;
import dev.overlap.engine.Start;
import dev.overlap.engine.TimeAxis;
import dev.overlap.engine.TrajectoryRecorder;
import dev.overlap.engine.Weights;
import dev.overlap.engine.chain.ChainEngine;
import dev.overlap.engine.ode.OdeEngine;
import dev.overlap.exit.ExitCriteria;
import dev.overlap.exit.ExitDetector;
import dev.overlap.exit.ExitRule;
import dev.overlap.overlaps.HypercubeRisk;
import dev.overlap.overlaps.OverlapBuffer;
import dev.overlap.overlaps.Observables;
import dev.overlap.overlaps.PopulationRisk;
import dev.overlap.overlaps.Risks;
import dev.overlap.overlaps.XorObservables;
import dev.overlap.problem.Problem;
import dev.overlap.modelfile.Kinds;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.modelfile.UsageException;
import java.util.List;
import java.util.OptionalDouble;
import java.util.random.RandomGenerator;

/**
 * One engine on one model, set up once: the problem, numerics, time axis and exit rule translated
 * from the model file, the starts, and for every run a fresh engine, risk, observables, recording grid
 * and exit detector. Every command runs through a trial, so a run is wired in one place. Immutable and
 * shareable between threads; each {@link #run} builds its own mutable parts.
 */
public final class Trial {
    private final ModelSpec model;
    private final EngineKind kind;
    private final Problem problem;
    private final Numerics numerics;
    private final TimeAxis time;
    private final ExitRule exit;
    private final InitialCondition initial;
    /** The fixed hypercube test set of a network in training, or null (reduced engines, Gaussian inputs). */
    private final HypercubeRisk testSet;

    private Trial(ModelSpec model, EngineKind kind) {
        this.model = model;
        this.kind = kind;
        this.problem = Models.problem(model);
        this.numerics = Models.numerics(model);
        this.time = Models.time(model, problem);
        this.exit = Models.exit(model.exit());
        this.initial = Models.initial(model);
        if (kind == EngineKind.CHAIN && !ChainEngine.supports(problem)) {
            throw new UsageException(model.origin().of("d", "training.batch") + ": d: the chain with batches needs d - p - k >= p (Bartlett construction of a p x p "
                    + "Wishart block), got d = " + problem.d() + ", p = " + problem.p());
        }
        checkFeasible();
        this.testSet = kind.needsNetwork() && problem.signTeacherFields()
                ? HypercubeRisk.sample(problem, model.observe().testSet(), model.observe().testSeed()) : null;
    }

    /** Beyond this many steps (or recorded rows) a run cannot finish (or be held): refused before it starts. */
    static final double MAX_STEPS = 0x1p62;
    static final double MAX_GRID = 1e7;

    /**
     * Refuses, naming the model keys, a run that could not finish or not fit in memory: more than 2⁶² SGD
     * steps (the model file already refuses as many SDE or ODE steps), more than 10⁷ recorded times, or arrays larger than the
     * heap the JVM may use. What a reduced engine allocates never grows with d.
     */
    private void checkFeasible() {
        double steps = tMax() / time.perStep();
        if (!(steps <= MAX_STEPS)) {
            throw new UsageException(model.origin().of("run.t-max", "training.learning-rate") + ": run.t-max, training.learning-rate: t-max = " + tMax() + " is " + steps
                    + " SGD steps (" + time.definition() + "), more than 2^62: lower run.t-max or raise the rate");
        }
        double rows = model.run().grid() == Kinds.Grid.LINEAR ? model.run().points()
                : model.run().pointsPerDecade() * Math.max(0, Math.log10(tMax() / time.time(1)));
        if (!(rows <= MAX_GRID)) {
            throw new UsageException(model.origin().of("run.points", "run.points-per-decade", "run.t-max") + ": "
                    + (model.run().grid() == Kinds.Grid.LINEAR
                    ? "run.points" : "run.points-per-decade, run.t-max") + ": the recording grid would hold " + rows
                    + " times, more than " + (long) MAX_GRID);
        }
        int p = problem.p();
        int k = problem.k();
        long d = problem.d();
        // the key that drives a size: the wider of the student and the teacher
        String width = k > p ? "teacher.k" : "student.p";
        if (kind.needsNetwork()) {
            requireMemory(8.0 * d * (p + k + 1 + (problem.batch() > 1 ? p : 0)), "d, " + width,
                    "the network (p + k rows of d), an input and the batch gradient");
            if (problem.signTeacherFields()) {
                requireMemory(8.0 * d * model.observe().testSet(), "observe.test-set, d", "the hypercube test set");
            }
        }
        if (!problem.squareActivations()) {
            requireMemory(8.0 * numerics.qmcPoints() * (p + k + 1), "run.qmc-points", "the Sobol points");
        }
        if (kind == EngineKind.SDE || kind == EngineKind.ODE) {
            // the square-loss moments' four (p + k)² matrices; the SDE's noise needs no D×D covariance
            requireMemory(32.0 * (p + k) * (p + k), width, "the drift's moment matrices");
        }
        if (kind == EngineKind.CHAIN) {
            requireMemory(32.0 * problem.batch() * (p + k), "training.batch", "the chain's batch of fields");
        }
        if (problem.ablated() && (kind != EngineKind.SGD || problem.batch() == 1)) {
            throw new UsageException(model.origin().of("student.signal-neurons") + ": student.signal-neurons: the ablation "
                    + "(units kept orthogonal to the teacher) is run by the sgd engine with training.batch > 1 only, not by "
                    + kind + (kind == EngineKind.SGD ? " at batch 1" : ""));
        }
        // work that cannot finish in reasonable time, refused before it starts rather than found after hours
        double w = p + k;
        requireWork(w * w * w, width, "drawing the initial overlaps (a p x p Wishart product, O(p^3))");
        if (kind.needsNetwork()) {
            requireWork(2.0 * w * w * d, "d, " + width, "building the initial network (p + k rows of d made orthogonal, "
                    + "O((p + k)^2 d))");
        }
        if (kind == EngineKind.SDE || kind == EngineKind.ODE) {
            requireWork(MIN_EVALUATIONS * 4.0 * w * w * w, width, "the drift (four (p + k)^3 products per evaluation, "
                    + "at least " + (int) MIN_EVALUATIONS + " evaluations)");
        }
    }

    /** The most floating-point operations one part of a run may take: about three hours at 10 GFLOP/s. */
    static final double MAX_WORK = 1e14;
    /** The fewest drift evaluations of any reduced run (an adaptive integration to an exit takes 10^2-10^3). */
    static final double MIN_EVALUATIONS = 250;

    private void requireWork(double operations, String keys, String what) {
        if (!(operations <= MAX_WORK)) {
            throw new UsageException(model.origin().of(keys.split(", ")) + ": " + keys + ": " + kind + " needs about "
                    + String.format("%.2g", operations) + " floating-point operations for " + what + ", more than the "
                    + String.format("%.0g", MAX_WORK) + " a run may take (hours on one machine): make the model smaller");
        }
    }

    private void requireMemory(double bytes, String keys, String what) {
        double available = 0.8 * Runtime.getRuntime().maxMemory();
        if (!(bytes <= available)) {
            throw new UsageException(model.origin().of(keys.split(", ")) + ": " + keys + ": " + kind + " needs " + String.format("%.3g", bytes / 1e9)
                    + " GB for " + what + ", more than the " + String.format("%.3g", available / 1e9) + " GB this JVM "
                    + "may use (raise it with java -Xmx, or make the model smaller)");
        }
    }

    public static Trial of(ModelSpec model, EngineKind kind) {
        return new Trial(model, kind);
    }

    /** The same model run by another engine. */
    public Trial with(EngineKind other) {
        return other == kind ? this : new Trial(model, other);
    }

    public ModelSpec model() {
        return model;
    }

    public EngineKind kind() {
        return kind;
    }

    public Problem problem() {
        return problem;
    }

    public Numerics numerics() {
        return numerics;
    }

    public TimeAxis time() {
        return time;
    }

    public ExitRule exit() {
        return exit;
    }

    public double tMax() {
        return model.run().tMax();
    }

    /** SGD samples per unit of the run's time: n = t · samplesPerUnit. */
    public double samplesPerUnit() {
        return problem.batch() / time.perStep();
    }

    /** One line saying what the exit time of this trial's engine is. */
    public String exitDefinition() {
        return ExitCriteria.definition(exit, kind == EngineKind.ODE && numerics.odeLocatesEvents(),
                XorObservables.errorDefinition(problem));
    }

    /** The model's own start, drawn from initial.seed: the same for every engine. */
    public Start start() {
        return start(Seeds.initial(model.initial().seed()));
    }

    /** A start drawn from {@code rng}, with its network only if this trial's engine trains one. */
    public Start start(RandomGenerator rng) {
        return InitialConditions.start(initial, problem, rng, kind.needsNetwork());
    }

    /** A fresh engine (engines with work buffers are not shared between threads). */
    public Engine engine() {
        return Engines.create(kind, problem, numerics, time, tMax());
    }

    /** The model's ODE, whatever this trial's engine. */
    public OdeEngine ode() {
        return OdeEngine.of(problem, numerics, time, tMax());
    }

    /** A fresh risk functional (QMC risks keep work buffers). */
    public PopulationRisk risk() {
        return Risks.of(problem, numerics.qmcPoints());
    }

    /**
     * What one run produced. {@code columns}/{@code rows} are empty when nothing was recorded.
     *
     * @param exitTime  empty when the run did not exit before t-max
     * @param exitLevel the level of the exit observable (e.g. 0.99·R(0))
     * @param steps     the last step taken (SGD-equivalent for continuous engines)
     * @param curves    the observables kept as curves per replica (a prefix of the observables' columns)
     */
    public record Outcome(OptionalDouble exitTime, double exitLevel, long steps, List<String> columns,
                          List<double[]> rows, List<String> curves, double wallSeconds) {
        public Outcome {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
            curves = List.copyOf(curves);
        }
    }

    /**
     * Runs the engine once from {@code start} (left unchanged) with the exit detector, a recorder on the
     * model's grid when {@code record}, and {@code progress}.
     *
     * @param stopAtExit end the run at the exit instead of going on to t-max
     */
    public Outcome run(Start start, RandomGenerator noise, boolean record, boolean stopAtExit, Observer progress) {
        Start own = start.copy();
        PopulationRisk risk = risk();
        HypercubeRisk.Probe probe = null;
        if (testSet != null) {
            Weights network = own.network().orElseThrow();
            probe = testSet.watching(network.student(), network.rowScale());
        }
        Observables observables = Risks.observables(problem, model.observe().signalHeavyRatio(), risk, probe);
        ExitDetector detector = ExitCriteria.detector(exit.withStop(stopAtExit), risk, observables);
        TrajectoryRecorder recorder = record
                ? new TrajectoryRecorder(Models.grid(model, time.time(1)), risk, observables) : null;
        Observer watched = Observer.all(recorder == null ? Observer.NONE : recorder, detector, progress,
                probe == null ? Observer.NONE : following(probe));
        // with stopAtExit the exit ends the run, even though the recorder alone would go on to t-max
        Observer observer = stopAtExit ? Observer.until(watched, () -> detector.exitTime().isPresent()) : watched;
        long started = System.nanoTime();
        long steps = engine().run(own, noise, observer);
        double wall = (System.nanoTime() - started) * 1e-9;
        List<String> columns = recorder == null ? List.of()
                : TrajectoryRecorder.columns(problem.p(), problem.k(), observables);
        return new Outcome(detector.exitTime(), detector.level(), steps, columns,
                recorder == null ? List.of() : recorder.rows(), observables.curveNames(), wall);
    }

    /** Passes the engine's changes to the network's rows on to the test set watching them. */
    private static Observer following(HypercubeRisk.Probe probe) {
        return new Observer() {
            @Override
            public boolean observe(long step, double t, OverlapBuffer state) {
                return false; // reads nothing itself: the observables evaluate the probe
            }

            @Override
            public void rowsAdded(double[] coefficients, double[] x) {
                probe.added(coefficients, x);
            }

            @Override
            public void rowScaled(int j, double factor) {
                probe.scaled(j, factor);
            }
        };
    }

    /** The single run of {@code overlap run}: the model's start, stream 0 of run.seed, recorded, exit.stop as set. */
    public Outcome runOnce(Observer progress) {
        return run(start(), Seeds.replica(model.run().seed(), 0), true, exit.stop(), progress);
    }

}

package dev.overlap.experiment;

import dev.overlap.engine.EngineKind;
import dev.overlap.io.CurvesCsv;
import dev.overlap.engine.Observer;
import dev.overlap.theory.NoMediocrityException;
import dev.overlap.modelfile.ModelLoader;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.modelfile.ModelWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Several engines on one model from the same initial condition (or each replica from its own random
 * start): every engine runs as an {@link ExitTimesExperiment} in {@code <dir>/<engine>/}, next to the
 * ODE from the model's own start (the deterministic reference) and the {@code theory} prediction.
 */
public final class Comparison {
    /** Draws of the effective initial condition for the theory prediction. */
    public static final int THEORY_SAMPLES = 200;

    /** The command whose shards {@link #merge} combines. */
    public static final String COMMAND = "compare";

    /** A compare sweep's shard: its manifest lists the grid points, each a compare shard under grid/. */
    public static final String SWEEP_COMMAND = "compare-sweep";

    private Comparison() {
    }

    /**
     * @param replicas   replicas per engine (the ODE from a same start needs only one)
     * @param curves   what each replica keeps as curves (anything but none runs replicas to t-max)
     */
    public record Settings(List<EngineKind> engines, Map<EngineKind, Integer> replicas, MonteCarlo.StartMode start,
                           int threads, boolean resume, MonteCarlo.Curves curves, Shard shard, boolean theory) {
        public Settings {
            engines = List.copyOf(engines);
            replicas = Map.copyOf(replicas);
        }

        /** With the theory prediction. */
        public Settings(List<EngineKind> engines, Map<EngineKind, Integer> replicas, MonteCarlo.StartMode start,
                        int threads, boolean resume, MonteCarlo.Curves curves, Shard shard) {
            this(engines, replicas, start, threads, resume, curves, shard, true);
        }

        /** Every replica on this machine. */
        public Settings(List<EngineKind> engines, Map<EngineKind, Integer> replicas, MonteCarlo.StartMode start,
                        int threads, boolean resume, MonteCarlo.Curves curves) {
            this(engines, replicas, start, threads, resume, curves, Shard.WHOLE);
        }

        /** Whether replicas keep curves (the risk at least). */
        public boolean recordsCurves() {
            return curves != MonteCarlo.Curves.NONE;
        }

        /** Replicas the engine runs: a deterministic engine from one start needs only one. */
        int replicasOf(EngineKind engine) {
            return engine.deterministic() && start == MonteCarlo.StartMode.SAME ? 1 : replicas.get(engine);
        }
    }

    /** The reference ODE run (from the model's own initial condition) and the theory, or why it does not apply. */
    public record Result(Trial trial, Settings settings, Map<EngineKind, ExitTimesExperiment.Outcome> engines,
                         Trial.Outcome ode, Theory.Prediction theory, String theoryNote) {
        public Result {
            engines = new LinkedHashMap<>(engines);
        }

        /** t_exit of the reference ODE, NaN if it did not exit before t-max. */
        public double odeExit() {
            return ode.exitTime().orElse(Double.NaN);
        }

        public ModelSpec model() {
            return trial.model();
        }
    }

    public static Result run(ModelSpec model, Settings settings, Path dir,
                             BiFunction<EngineKind, Integer, Consumer<ReplicaResult>> progress) {
        return finish(model, settings, runEngines(model, settings, dir, progress));
    }

    /**
     * Every engine's experiment (of the settings' shard) in {@code <dir>/<engine>/}; a shard also writes its
     * {@link ShardManifest}, for {@link #merge}.
     */
    public static Map<EngineKind, ExitTimesExperiment.Outcome> runEngines(ModelSpec model, Settings settings, Path dir,
                             BiFunction<EngineKind, Integer, Consumer<ReplicaResult>> progress) {
        Map<EngineKind, ExitTimesExperiment.Outcome> outcomes = new LinkedHashMap<>();
        Trial ode = Trial.of(model, EngineKind.ODE);
        Map<EngineKind, MonteCarlo.Plan> plans = new LinkedHashMap<>();
        for (EngineKind engine : settings.engines()) {
            MonteCarlo.Plan plan = new MonteCarlo.Plan(ode.with(engine), settings.start(), settings.replicasOf(engine),
                    Set.of(), -1, settings.threads(), settings.curves(), settings.shard());
            // every engine's saved files are checked before any of them changes
            ExitTimesExperiment.checkResumable(plan, dir.resolve(engine.label()), settings.resume());
            plans.put(engine, plan);
        }
        plans.forEach((engine, plan) -> outcomes.put(engine, ExitTimesExperiment.run(plan, dir.resolve(engine.label()),
                settings.resume(), progress.apply(engine, plan.inShard()))));
        if (!settings.shard().whole()) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("model", ModelWriter.toTree(model));
            run.put("engines", settings.engines().stream().map(EngineKind::label).toList());
            Map<String, Integer> replicas = new LinkedHashMap<>();
            settings.engines().forEach(e -> replicas.put(e.label(), settings.replicasOf(e)));
            run.put("replicas", replicas);
            run.put("start", Summaries.label(settings.start()));
            run.put("curves", settings.curves().label());
            run.put("theory", settings.theory());
            ShardManifest.write(dir, COMMAND, settings.shard(), run);
        }
        return outcomes;
    }

    /**
     * Merges the shard folders of one compare run into {@code dir}: each engine's experiment as
     * {@link ExitTimesExperiment#merge} (byte-identical to one machine's), then the reference ODE and the theory.
     */
    public static Result merge(List<Path> shards, Path dir) {
        List<Path> ordered = ShardManifest.ordered(shards, COMMAND);
        com.fasterxml.jackson.databind.JsonNode run = ShardManifest.read(ordered.get(0)).run();
        ModelSpec model = ModelLoader.parse(ordered.get(0).resolve(ShardManifest.FILE).toString(), "shard",
                run.path("model").toString(), Map.of());
        List<EngineKind> engines = new ArrayList<>();
        run.path("engines").forEach(e -> engines.add(EngineKind.parse(e.asText())));
        Map<EngineKind, Integer> replicas = new LinkedHashMap<>();
        Map<EngineKind, ExitTimesExperiment.Outcome> outcomes = new LinkedHashMap<>();
        MonteCarlo.StartMode start = MonteCarlo.StartMode.SAME;
        for (EngineKind engine : engines) {
            List<Path> parts = ordered.stream().map(s -> s.resolve(engine.label())).toList();
            ExitTimesExperiment.Merged m = ExitTimesExperiment.merge(parts, dir.resolve(engine.label()));
            replicas.put(engine, m.replicas());
            start = m.start();
            outcomes.put(engine, m.outcome());
        }
        Settings settings = new Settings(engines, replicas, start, 1, false, MonteCarlo.Curves.of(run.path("curves")), Shard.WHOLE,
                run.path("theory").asBoolean(true));
        return finish(model, settings, outcomes);
    }

    /** The comparison of finished experiments: the reference ODE from the model's own start, and the theory. */
    public static Result finish(ModelSpec model, Settings settings, Map<EngineKind, ExitTimesExperiment.Outcome> outcomes) {
        Trial ode = Trial.of(model, EngineKind.ODE);
        Trial.Outcome reference = ode.runOnce(Observer.NONE);
        Theory.Prediction theory = null;
        String note = "not computed (--no-theory)";
        if (settings.theory()) {
            note = "";
            try {
                // a law in two or three coordinates takes a minute or more per model (per grid point in a sweep):
                // `overlap theory` solves it, compare draws the one-coordinate law
                theory = Theory.predict(model, model.d(), THEORY_SAMPLES, false);
            } catch (NoMediocrityException e) {
                note = e.getMessage(); // said in the report instead of the theory section
            }
        }
        return new Result(ode, settings, outcomes, reference, theory, note);
    }

    /** Every replica's recorded curves, per random engine (the ODE's is {@link Result#ode()}). */
    public static Map<EngineKind, CurvesCsv.Table> curves(Result r) {
        Map<EngineKind, CurvesCsv.Table> out = new LinkedHashMap<>();
        r.engines().forEach((engine, o) -> {
            if (engine != EngineKind.ODE && !o.curves().replicas().isEmpty()) {
                out.put(engine, o.curves());
            }
        });
        return out;
    }
}

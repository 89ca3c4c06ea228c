package dev.overlap.experiment;

import dev.overlap.engine.EngineKind;
import dev.overlap.io.CurvesCsv;
import dev.overlap.engine.Observer;
import dev.overlap.exit.NoMediocrityException;
import dev.overlap.spec.ModelSpec;
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

    private Comparison() {
    }

    /**
     * @param replicas   replicas per engine (the ODE from a same start needs only one)
     * @param recordRisk whether to keep each replica's risk curve (then replicas run to t-max)
     */
    public record Settings(List<EngineKind> engines, Map<EngineKind, Integer> replicas, MonteCarlo.StartMode start,
                           int threads, boolean resume, boolean recordRisk) {
        public Settings {
            engines = List.copyOf(engines);
            replicas = Map.copyOf(replicas);
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
        Map<EngineKind, ExitTimesExperiment.Outcome> outcomes = new LinkedHashMap<>();
        Trial ode = Trial.of(model, EngineKind.ODE);
        for (EngineKind engine : settings.engines()) {
            int n = engine.deterministic() && settings.start() == MonteCarlo.StartMode.SAME ? 1
                    : settings.replicas().get(engine);
            MonteCarlo.Plan plan = new MonteCarlo.Plan(ode.with(engine), settings.start(), n, Set.of(), -1,
                    settings.threads(), settings.recordRisk());
            outcomes.put(engine, ExitTimesExperiment.run(plan, dir.resolve(engine.label()), settings.resume(),
                    progress.apply(engine, n)));
        }
        Trial.Outcome reference = ode.runOnce(Observer.NONE);
        Theory.Prediction theory = null;
        String note = "";
        try {
            theory = Theory.predict(model, model.d(), THEORY_SAMPLES);
        } catch (NoMediocrityException e) {
            note = e.getMessage(); // said in the report instead of the theory section
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

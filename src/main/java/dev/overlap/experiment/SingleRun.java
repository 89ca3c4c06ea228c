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
import dev.overlap.overlaps.Observables;
import dev.overlap.overlaps.PopulationRisk;
import dev.overlap.overlaps.Risks;
import dev.overlap.problem.Problem;
import dev.overlap.spec.Choice;
import dev.overlap.spec.Kinds;
import dev.overlap.spec.ModelSpec;
import dev.overlap.spec.ModelWriter;
import dev.overlap.spec.RunSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One trajectory of one engine on one model: builds the problem and the initial network from the
 * model file, runs to t-max with a trajectory recorder and an exit detector, and returns what the
 * output files need.
 */
public final class SingleRun {
    /** Definition of the risk column, written into summary.json. */
    public static final String RISK_DEFINITION = "population loss E[l(yhat, g(nu))] against the noiseless teacher "
            + "label, from the overlaps; for the square loss this is the excess risk E[l] - Delta/2";

    private SingleRun() {
    }

    /** What one run produced. {@code exitTime} is empty when the run did not exit before t-max. */
    public record Result(ModelSpec model, String engine, TimeAxis time, List<String> columns, List<double[]> rows,
                         OptionalDouble exitTime, double exitLevel, long steps, double wallSeconds) {
        public Result {
            rows = List.copyOf(rows);
            columns = List.copyOf(columns);
        }

        /** summary.json as a nested map (stable keys of DESIGN.md, "Files written"). */
        public Map<String, Object> summary() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("engine", engine);
            s.put("d", model.d());
            s.put("p", model.student().p());
            s.put("timeUnit", Choice.name(time.unit()));
            s.put("timeDefinition", time.definition());
            s.put("engineLaw", engineLaw(engine, model));
            s.put("model", ModelWriter.toTree(model));
            Map<String, Object> exit = new LinkedHashMap<>();
            exit.put("criterion", Choice.name(model.exit().criterion()));
            exit.put("threshold", model.exit().threshold());
            exit.put("definition", ExitCriteria.definition(model, engine));
            exit.put("level", exitLevel);
            exit.put("time", exitTime.isPresent() ? exitTime.getAsDouble() : null);
            exit.put("escaped", exitTime.isPresent());
            s.put("exit", exit);
            Map<String, Object> seeds = new LinkedHashMap<>();
            seeds.put("initial", model.initial().seed());
            seeds.put("noise", model.run().seed());
            seeds.put("replica", 0);
            s.put("seeds", seeds);
            s.put("risk", RISK_DEFINITION);
            s.put("steps", steps);
            s.put("samples", steps * model.training().batch());
            s.put("wallSeconds", wallSeconds);
            return s;
        }
    }

    /** What an engine's output is, relative to SGD on this model (written to summary.json). */
    public static String engineLaw(String engine, ModelSpec model) {
        boolean gaussian = model.inputs() == Kinds.InputLaw.GAUSSIAN;
        return switch (engine) {
            case "sgd" -> "online SGD on the d-dimensional network (the process itself)";
            case "chain" -> gaussian ? "exact in law: the overlaps of SGD as a finite-d Markov chain"
                    : "approximation: Gaussian-equivalent chain (teacher coordinates exact +-1, the rest of the fields "
                    + "Gaussian); not exact for Rademacher inputs";
            case "sde" -> "approximation: diffusion (Euler-Maruyama) with the drift and increment covariance of SGD, "
                    + "noise O(1/d)";
            case "ode" -> "deterministic limit d -> infinity of the overlaps" + (gaussian ? ""
                    : " (Gaussian-equivalent law of the fields for Rademacher inputs)");
            default -> engine;
        };
    }

    public static Result run(ModelSpec model, String engineName, Observer progress) {
        Problem problem = Problem.of(model);
        RunSpec run = model.run();
        TimeAxis time = TimeAxis.of(run.timeUnit(), problem);
        Weights start = InitialConditions.build(model.initial(), problem);
        double[] teacherGram = start.overlaps().teacherArray();
        Engine engine = Engines.create(engineName, model, problem, teacherGram);
        PopulationRisk risk = Risks.of(model, problem, teacherGram);
        Observables observables = Risks.observables(model, problem, risk,
                engineName.equals("sgd") ? Risks.testSet(model, problem) : null);
        int points = run.grid() == Kinds.Grid.LOG ? run.pointsPerDecade() : run.points();
        TrajectoryRecorder recorder = new TrajectoryRecorder(
                new RecordingGrid(run.grid(), points, time.time(1), run.tMax()), risk, observables);
        ExitDetector exit = ExitCriteria.detector(model.exit(), risk, observables);
        long started = System.nanoTime();
        long steps = engine.run(start, Seeds.replica(run.seed(), 0), Observer.all(recorder, exit, progress));
        double wall = (System.nanoTime() - started) * 1e-9;
        return new Result(model, engine.name(), time, TrajectoryRecorder.columns(problem.p(), problem.k(), observables),
                recorder.rows(), exit.exitTime(), exit.level(), steps, wall);
    }
}

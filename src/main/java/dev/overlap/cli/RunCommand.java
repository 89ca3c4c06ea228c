package dev.overlap.cli;

import dev.overlap.experiment.OutputFolder;
import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.Summaries;
import dev.overlap.experiment.Trial;
import dev.overlap.io.Json;
import dev.overlap.io.StrictJson;
import dev.overlap.io.TrajectoryCsv;
import dev.overlap.modelfile.ModelSpec;
import com.fasterxml.jackson.databind.JsonNode;
import dev.overlap.modelfile.ModelWriter;
import dev.overlap.modelfile.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one trajectory of one engine and write trajectory.csv and summary.json.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    ModelOptions options;

    @Option(names = "--engine", defaultValue = "sgd", paramLabel = "E", description = "Engine: sgd, chain, sde or ode (default: ${DEFAULT-VALUE}).")
    EngineKind engine;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: out/<model name>/<engine>).")
    Path out;

    @Option(names = "--resume", description = "Run again into an --out that holds this same run (a run is "
            + "deterministic in its seeds: the files are rewritten identically).")
    boolean resume;

    /**
     * A folder holding another run is refused, in the words exit-times and compare use; the same run (engine and
     * model, finished) is run again and its files written again, so the command can be repeated; --resume names it.
     */
    private void refuseAnotherRun(Path dir, Trial trial) {
        Path summary = dir.resolve("summary.json");
        if (!Files.exists(summary) && !Files.exists(dir.resolve("trajectory.csv"))) {
            return;
        }
        boolean same = false;
        if (Files.exists(summary)) {
            StrictJson old = StrictJson.read(summary);
            JsonNode now = Json.mapper().valueToTree(ModelWriter.toTree(trial.model()));
            try {
                same = old.text("engine").equals(trial.kind().label())
                        && Json.mapper().writeValueAsString(old.object("model")).equals(Json.mapper().writeValueAsString(now));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree always writes", e);
            }
        }
        if (!same) {
            throw new UsageException(resume
                    ? dir + " holds a different experiment (model or engine differ): it cannot be resumed"
                    : dir + " already holds an experiment: resume it, or choose another output folder");
        }
    }

    @Override
    public Integer call() {
        ModelSpec model = options.load();
        Trial trial = Trial.of(model, engine);
        Path dir = out != null ? out : Path.of("out", model.name(), engine.label());
        try (OutputFolder folder = OutputFolder.open(dir)) {
            refuseAnotherRun(dir, trial);
            Trial.Outcome result;
            try (Progress progress = Progress.forRun(engine.label(), model.run().tMax())) {
                result = trial.runOnce(progress);
            }
            TrajectoryCsv.write(dir.resolve("trajectory.csv"), result.columns(), result.rows());
            Json.write(dir.resolve("summary.json"), Summaries.run(trial, result));
            String unit = trial.time().definition();
            System.out.printf("%s on %s: d = %d, p = %d, %d %s (%.2f s wall)%n", engine, model.name(), model.d(),
                    model.student().p(), result.steps(), engine.deterministic() || engine == EngineKind.SDE
                            ? "SGD-equivalent steps (t over the time of one SGD step)" : "SGD steps", result.wallSeconds());
            System.out.println(result.exitTime().isPresent()
                    ? String.format("exit time %.6g (time unit %s; criterion %s)", result.exitTime().getAsDouble(), unit,
                            trial.exitDefinition())
                    : String.format("no exit before t-max = %s (time unit %s)", model.run().tMax(), unit));
            System.out.println("wrote " + dir.resolve("trajectory.csv") + " and " + dir.resolve("summary.json"));
            return 0;
        }
    }
}

package dev.overlap.cli;

import dev.overlap.experiment.OutputFolder;
import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.Summaries;
import dev.overlap.experiment.Trial;
import dev.overlap.io.Json;
import dev.overlap.io.TrajectoryCsv;
import dev.overlap.spec.ModelSpec;
import com.fasterxml.jackson.databind.JsonNode;
import dev.overlap.spec.ModelWriter;
import dev.overlap.spec.UsageException;
import java.io.IOException;
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

    /**
     * A folder holding another run's results (another engine or model) is refused rather than overwritten;
     * the same run again (deterministic in its seeds) replaces its files.
     */
    private static void refuseAnotherRun(Path dir, Trial trial) {
        Path summary = dir.resolve("summary.json");
        if (!Files.exists(summary)) {
            return;
        }
        try {
            JsonNode old = Json.mapper().readTree(summary.toFile());
            JsonNode now = Json.mapper().valueToTree(ModelWriter.toTree(trial.model()));
            boolean same = old.path("engine").asText().equals(trial.kind().label())
                    && Json.mapper().writeValueAsString(old.path("model")).equals(Json.mapper().writeValueAsString(now));
            if (!same) {
                throw new UsageException("output folder " + dir + " holds another run (" + old.path("engine").asText()
                        + " on a different model or engine): choose another folder");
            }
        } catch (IOException e) {
            throw new UsageException("output folder " + dir + " holds an unreadable summary.json: " + e.getMessage(), e);
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

package dev.overlap.cli;

import dev.overlap.experiment.OutputFolder;
import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.Summaries;
import dev.overlap.experiment.Trial;
import dev.overlap.io.Json;
import dev.overlap.io.TrajectoryCsv;
import dev.overlap.spec.ModelSpec;
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

    @Override
    public Integer call() {
        ModelSpec model = options.load();
        Trial trial = Trial.of(model, engine);
        Path dir = out != null ? out : Path.of("out", model.name(), engine.label());
        try (OutputFolder folder = OutputFolder.open(dir)) {
            Trial.Outcome result;
            try (Progress progress = Progress.forRun(engine.label(), model.run().tMax())) {
                result = trial.runOnce(progress);
            }
            TrajectoryCsv.write(dir.resolve("trajectory.csv"), result.columns(), result.rows());
            Json.write(dir.resolve("summary.json"), Summaries.run(trial, result));
            String unit = trial.time().definition();
            System.out.printf("%s on %s: d = %d, p = %d, %d steps (%.2f s wall)%n", engine, model.name(), model.d(),
                    model.student().p(), result.steps(), result.wallSeconds());
            System.out.println(result.exitTime().isPresent()
                    ? String.format("exit time %.6g (time unit %s; criterion %s)", result.exitTime().getAsDouble(), unit,
                            trial.exitDefinition())
                    : String.format("no exit before t-max = %s (time unit %s)", model.run().tMax(), unit));
            System.out.println("wrote " + dir.resolve("trajectory.csv") + " and " + dir.resolve("summary.json"));
            return 0;
        }
    }
}

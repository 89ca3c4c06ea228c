package dev.overlap.cli;

import dev.overlap.experiment.ExitTimesExperiment;
import dev.overlap.experiment.OutputFolder;
import dev.overlap.io.Json;
import dev.overlap.stats.ExitStatistics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Merge the shard folders of one exit-times experiment (exit-times --shard i/n) into one folder, "
                + "identical to the experiment run on one machine.")
final class MergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SHARD_DIR", description = "The n shard folders, in any order.")
    List<Path> shards;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The merged experiment's folder.")
    Path out;

    @Override
    public Integer call() {
        ExitTimesExperiment.Outcome o;
        try (OutputFolder folder = OutputFolder.open(out)) {
            o = ExitTimesExperiment.merge(shards, out);
        }
        ExitStatistics s = o.statistics();
        String unit;
        try {
            unit = Json.mapper().readTree(out.resolve("summary.json").toFile()).path("timeDefinition").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + out.resolve("summary.json") + ": " + e.getMessage(), e);
        }
        System.out.printf("merged %d shards: %d replicas, %d escaped; mean exit time %.5g [95%% bootstrap CI %.5g, %.5g] "
                + "(%s)%n", shards.size(), s.n(), s.escaped(), s.mean(), s.ci95Mean()[0], s.ci95Mean()[1], unit);
        System.out.println("wrote " + out.resolve("exit_times.csv") + " and " + out.resolve("summary.json"));
        return 0;
    }
}

package dev.overlap.cli;

import dev.overlap.experiment.Comparison;
import dev.overlap.experiment.ExitTimesExperiment;
import dev.overlap.experiment.OutputFolder;
import dev.overlap.experiment.SampleComplexity;
import dev.overlap.experiment.ShardManifest;
import dev.overlap.io.Json;
import dev.overlap.report.CompareReport;
import dev.overlap.report.SweepReport;
import dev.overlap.spec.UsageException;
import dev.overlap.stats.ExitStatistics;
import dev.overlap.validation.Validation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Merge the shard folders of one experiment (exit-times, compare, a compare sweep or "
                + "sample-complexity run with --shard i/n) into one folder identical to the run on one machine, with "
                + "its statistics, report and figures; or combine validate folders that each ran some claims.")
final class MergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SHARD_DIR", description = "The n shard folders, in any order.")
    List<Path> shards;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The merged experiment's folder.")
    Path out;

    @Override
    public Integer call() {
        Path first = shards.get(0);
        try (OutputFolder folder = OutputFolder.open(out)) {
            if (Files.isRegularFile(first.resolve("validation.json"))) {
                List<Validation.Row> rows = Validation.merge(shards, out);
                System.out.printf("merged %d validate folders: %d claims, %d pass; wrote %s and %s%n", shards.size(),
                        rows.size(), rows.stream().filter(r -> r.verdict().pass()).count(), out.resolve("report.md"),
                        out.resolve("validation.json"));
                return rows.stream().allMatch(r -> r.verdict().pass()) ? 0 : ValidateCommand.CLAIM_FAILED;
            }
            if (!ShardManifest.in(first)) {
                return exitTimes();
            }
            String command = ShardManifest.read(first).command();
            if (command.equals(Comparison.COMMAND)) {
                Comparison.Result r = Comparison.merge(shards, out);
                CompareReport.writeMarkdown(out.resolve("report.md"), CompareReport.write(r, out));
            } else if (command.equals(Comparison.SWEEP_COMMAND)) {
                List<Path> ordered = ShardManifest.ordered(shards, command);
                List<SweepReport.Point> points = new ArrayList<>();
                var run = ShardManifest.read(first).run();
                SweepReport.Regime regime = SweepReport.Regime.valueOf(run.path("regime").asText());
                for (int i = 0; i < run.path("grid").size(); i++) {
                    Path grid = Path.of("grid", run.path("grid").get(i).asText());
                    Comparison.Result r = Comparison.merge(ordered.stream().map(s -> s.resolve(grid)).toList(),
                            out.resolve(grid));
                    points.add(new SweepReport.Point(r.model().d(), r.model().student().p(),
                            r.model().training().learningRate(), regime, run.path("rates").get(i).asDouble(), r));
                }
                CompareReport.writeMarkdown(out.resolve("report.md"), SweepReport.write(points, out));
            } else if (command.equals(SampleComplexity.COMMAND)) {
                SampleComplexityCommand.report(SampleComplexity.merge(shards, out), out);
            } else {
                throw new UsageException(first + ": shards of '" + command + "' cannot be merged by this version");
            }
            System.out.println("merged " + shards.size() + " shards of " + command + "; wrote " + out.resolve("report.md"));
            return 0;
        }
    }

    private Integer exitTimes() {
        ExitTimesExperiment.Outcome o = ExitTimesExperiment.merge(shards, out).outcome();
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

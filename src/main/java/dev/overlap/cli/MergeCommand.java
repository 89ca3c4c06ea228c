package dev.overlap.cli;

import dev.overlap.experiment.Comparison;
import dev.overlap.experiment.ExitTimesExperiment;
import dev.overlap.experiment.OutputFolder;
import dev.overlap.experiment.SampleComplexity;
import dev.overlap.experiment.ShardManifest;
import dev.overlap.io.BuildInfo;
import dev.overlap.io.Json;
import dev.overlap.io.StrictJson;
import dev.overlap.report.CompareReport;
import dev.overlap.report.SweepReport;
import dev.overlap.modelfile.UsageException;
import dev.overlap.stats.ExitStatistics;
import dev.overlap.validation.Validation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Merge the shard folders of one experiment (exit-times, compare, a compare sweep or "
                + "sample-complexity run with --shard i/n) into one folder identical to the run on one machine, with "
                + "its statistics, report and figures; or combine validate folders that each ran some claims.")
final class MergeCommand implements Callable<Integer> {
    @Mixin
    FigureOptions figures = new FigureOptions();

    @Parameters(arity = "1..*", paramLabel = "SHARD_DIR", description = "The n shard folders, in any order.")
    List<Path> shards;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "The merged experiment's folder: new, or empty. The merge is written beside it and renamed into "
                    + "place when finished, so an interrupted merge leaves no partial folder.")
    Path out;

    @Option(names = "--allow-mixed-commits", description = "Merge shards that different program commits ran (refused "
            + "by default); the merged folder's merge.json lists each shard's commit.")
    boolean mixedCommits;

    @Override
    public Integer call() {
        Path target = out.toAbsolutePath().normalize();
        MergeTarget.requireNewOrEmpty(target);
        try (MergeTarget.ShardLocks locks = MergeTarget.ShardLocks.share(shards);
             OutputFolder folder = OutputFolder.open(MergeTarget.staging(target))) {
            MergeTarget.clearStale(folder.path());
            int code = merge(folder.path());
            MergeTarget.publish(folder.path(), target);
            System.out.println("wrote " + out);
            return code;
        }
    }

    /** Merges the shards into {@code dir} (the staging folder); returns the exit code. */
    private int merge(Path dir) {
        Path first = shards.get(0);
        if (Files.isRegularFile(first.resolve("validation.json"))) {
            List<Validation.Row> rows = Validation.merge(shards, dir);
            System.out.printf("merged %d validate folders: %d claims, %d pass (report.md, validation.json)%n", shards.size(),
                    rows.size(), rows.stream().filter(r -> r.verdict().pass()).count());
            return rows.stream().allMatch(r -> r.verdict().pass()) ? 0 : ValidateCommand.CLAIM_FAILED;
        }
        String command = ShardManifest.read(first).command();
        List<String> commits = ShardManifest.verify(shards, mixedCommits);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("program", BuildInfo.stamp());
        provenance.put("command", command);
        provenance.put("mixedCommits", commits.stream().distinct().count() > 1);
        List<Map<String, Object>> parts = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            parts.add(Map.of("folder", shards.get(i).toAbsolutePath().normalize().toString(), "commit", commits.get(i)));
        }
        provenance.put("shards", parts);
        if (command.equals(ExitTimesExperiment.COMMAND)) {
            exitTimes(ShardManifest.ordered(shards, command), dir);
        } else if (command.equals(Comparison.COMMAND)) {
            Comparison.Result r = Comparison.merge(shards, dir);
            CompareReport.writeMarkdown(dir.resolve("report.md"), CompareReport.write(r, dir, figures.size));
        } else if (command.equals(Comparison.SWEEP_COMMAND)) {
            List<Path> ordered = ShardManifest.ordered(shards, command);
            List<SweepReport.Point> points = new ArrayList<>();
            var run = ShardManifest.read(first).run();
            SweepReport.Regime regime = SweepReport.Regime.valueOf(run.path("regime").asText());
            for (int i = 0; i < run.path("grid").size(); i++) {
                Path grid = Path.of("grid", run.path("grid").get(i).asText());
                Comparison.Result r = Comparison.merge(ordered.stream().map(s -> s.resolve(grid)).toList(),
                        dir.resolve(grid));
                points.add(new SweepReport.Point(r.model().d(), r.model().student().p(),
                        r.model().training().learningRate(), regime, run.path("rates").get(i).asDouble(), r));
            }
            CompareReport.writeMarkdown(dir.resolve("report.md"), SweepReport.write(points, dir, figures.size));
        } else if (command.equals(SampleComplexity.COMMAND)) {
            SampleComplexityCommand.report(SampleComplexity.merge(shards, dir), dir, figures.size);
        } else {
            throw new UsageException(first + ": shards of '" + command + "' cannot be merged by this version");
        }
        Json.write(dir.resolve("merge.json"), provenance);
        if ((boolean) provenance.get("mixedCommits")) {
            System.out.println("warning: the shards were run by different commits " + commits.stream().distinct().toList()
                    + " (accepted by --allow-mixed-commits; merge.json lists them)");
        }
        System.out.println("merged " + shards.size() + " shards of " + command);
        return 0;
    }

    private void exitTimes(List<Path> ordered, Path dir) {
        ExitTimesExperiment.Outcome o = ExitTimesExperiment.merge(ordered, dir).outcome();
        ExitStatistics s = o.statistics();
        String unit = StrictJson.read(dir.resolve("summary.json")).text("timeDefinition");
        System.out.printf("merged %d shards: %d replicas, %d escaped; mean exit time %.5g [95%% bootstrap CI %.5g, %.5g] "
                + "(%s)%n", shards.size(), s.n(), s.escaped(), s.mean(), s.ci95Mean()[0], s.ci95Mean()[1], unit);
    }
}

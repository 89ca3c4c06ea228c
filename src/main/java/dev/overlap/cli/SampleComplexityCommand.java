package dev.overlap.cli;

import dev.overlap.experiment.OutputFolder;
import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.SampleComplexity;
import dev.overlap.experiment.Shard;
import dev.overlap.io.AtomicFiles;
import dev.overlap.report.SampleComplexityReport;
import dev.overlap.modelfile.UsageException;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.stats.LineFit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import dev.overlap.report.FigureSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sample-complexity", mixinStandardHelpOptions = true,
        description = "Samples to reach test error epsilon (exit.target-error) against d, with fits of log n on log d.")
final class SampleComplexityCommand implements Callable<Integer>, ModelCommand {
    @Mixin
    FigureOptions figures = new FigureOptions();

    @Mixin
    ModelOptions options;

    @Override
    public ModelOptions modelOptions() {
        return options;
    }

    @Option(names = "--engine", defaultValue = "sgd", paramLabel = "E", description = "Engine (default: sgd).")
    EngineKind engine;

    @Option(names = "--seeds", paramLabel = "N", description = "Replicas per dimension (overrides run.seeds).")
    Integer seeds;

    @Option(names = "--threads", paramLabel = "K", description = "Worker threads (default: available processors).")
    Integer threads;

    @Option(names = "--resume", description = "Continue the experiments in --out, skipping finished replicas.")
    boolean resume;

    @Option(names = "--shard", paramLabel = "i/n", description = "Run only shard i of n of every dimension's replicas "
            + "into a shard folder; overlap merge combines the n shard folders into the run on one machine.")
    String shard;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: out/<model name>/sample-complexity).")
    Path out;

    @Override
    public Integer call() {
        if (options.d == null || options.d.size() < 2) {
            throw new UsageException("command line: --d: give at least two dimensions, e.g. --d 50,100,200,400,800");
        }
        if (seeds != null) {
            options.set.put("run.seeds", seeds.toString());
        }
        List<Integer> dims = options.d;
        ModelSpec first = options.load(Map.of("d", dims.get(0).toString()));
        int k = Threads.resolve(threads);
        // Validate every dimension before the first replica runs.
        dims.forEach(d -> options.load(Map.of("d", d.toString())));
        Shard part = shard == null ? Shard.WHOLE : Shard.parse(shard);
        Path dir = out != null ? out : Path.of("out", first.name(), "sample-complexity"
                + (part.whole() ? "" : "-shard-" + part.index() + "-of-" + part.count()));
        try (OutputFolder folder = OutputFolder.open(dir)) {
            SampleComplexity.Result r = SampleComplexity.run(d -> options.load(Map.of("d", Integer.toString(d))), dims, engine,
                    first.run().seeds(), k, dir, resume, part, (d, n) -> new ReplicaProgress(engine + " d=" + d, n));
            if (r == null) {
                System.out.println("wrote shard " + part + " to " + dir + "; combine the " + part.count()
                        + " shard folders with: overlap merge SHARD_DIR... --out DIR");
                return 0;
            }
            report(r, dir, figures.size);
            return 0;
        }
    }

    /** report.md, sample_complexity.csv, summary.json and the figure, and the table on the terminal. */
    static void report(SampleComplexity.Result r, Path dir, FigureSize size) {
        {
            String md = SampleComplexityReport.write(r, dir, size);
            AtomicFiles.write(dir.resolve("report.md"), w -> w.write(md));
            for (SampleComplexity.Point p : r.points()) {
                System.out.printf("d = %d: median samples to test error %s: %.4g [95%% CI %.4g, %.4g], n/d = %.4g (%d of %d censored)%n",
                        p.d(), r.epsilon(), p.median().median(), p.median().lower(), p.median().upper(), p.median().median() / p.d(),
                        p.median().censored(), p.median().n());
            }
            LineFit a = r.logLog();
            LineFit c = r.polylog();
            System.out.printf("log n = a + s log d: s = %.3f [95%% CI %.3f, %.3f]; n = C d log^c d: c = %.3f [%.3f, %.3f]%n",
                    a.slope(), a.slopeLower(), a.slopeUpper(), c.slope(), c.slopeLower(), c.slopeUpper());
            System.out.println("wrote " + dir.resolve("report.md") + ", sample_complexity.csv, summary.json, samples_over_d.png");
        }
    }
}

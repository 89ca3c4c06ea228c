package dev.overlap.cli;

import dev.overlap.experiment.OutputFolder;
import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.ExitTimesExperiment;
import dev.overlap.experiment.MonteCarlo;
import dev.overlap.experiment.Shard;
import dev.overlap.experiment.ShardManifest;
import dev.overlap.experiment.Trial;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.modelfile.UsageException;
import dev.overlap.stats.ExitStatistics;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "exit-times", mixinStandardHelpOptions = true,
        description = "Monte Carlo exit times of one engine: exit_times.csv and summary.json with statistics.")
final class ExitTimesCommand implements Callable<Integer>, ModelCommand {
    @Mixin
    ModelOptions options;

    @Override
    public ModelOptions modelOptions() {
        return options;
    }

    @Option(names = "--engine", required = true, paramLabel = "E", description = "sgd, chain, sde or ode.")
    EngineKind engine;

    @Option(names = "--seeds", paramLabel = "N", description = "Replicas (overrides run.seeds).")
    Integer seeds;

    @Option(names = "--threads", paramLabel = "K", description = "Worker threads (default: available processors).")
    Integer threads;

    @Option(names = "--random-start", description = "Each replica draws its own random initial network.")
    boolean randomStart;

    @Option(names = "--resume", description = "Continue the experiment in --out, skipping finished replicas.")
    boolean resume;

    @Option(names = "--curves", paramLabel = "C", defaultValue = "none", description = "What each replica keeps in "
            + "curves.csv.gz on the recording grid: none (default: each replica stops at its exit), risk (the risk and "
            + "the observables' curves, to t-max, as compare keeps them) or overlaps (also every M, Q and a: the "
            + "columns of trajectory.csv).")
    MonteCarlo.Curves curves;

    @Option(names = "--budget", hidden = true, defaultValue = "-1",
            description = "Run at most this many new replicas, then stop as if interrupted (for tests).")
    int budget;

    @Option(names = "--shard", paramLabel = "i/n", description = "Run only shard i of n: replicas i, i+n, ... of the same "
            + "streams, into a shard folder that overlap merge combines with the others (default: all replicas).")
    String shard;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: out/<model name>/exit-times-<engine>).")
    Path out;

    @Override
    public Integer call() {
        if (seeds != null) {
            options.set.put("run.seeds", seeds.toString());
        }
        ModelSpec model = options.load();
        int n = model.run().seeds();
        int k = Threads.resolve(threads);
        Shard part = shard == null ? Shard.WHOLE : Shard.parse(shard);
        Path dir = out != null ? out : Path.of("out", model.name(), "exit-times-" + engine
                + (part.whole() ? "" : "-shard-" + part.index() + "-of-" + part.count()));
        try (OutputFolder folder = OutputFolder.open(dir)) {
            Trial trial = Trial.of(model, engine);
            MonteCarlo.Plan plan = new MonteCarlo.Plan(trial, randomStart ? MonteCarlo.StartMode.RANDOM
                    : MonteCarlo.StartMode.SAME, n, Set.of(), budget, k, curves, part);
            ExitTimesExperiment.Outcome o;
            try (ReplicaProgress progress = new ReplicaProgress(engine.label(), plan.inShard())) {
                o = ExitTimesExperiment.run(plan, dir, resume, progress);
            }
            if (!part.whole() && o.rows().size() == plan.inShard()) {
                ShardManifest.write(dir, ExitTimesExperiment.COMMAND, part, Map.of("engine", engine.label(), "replicas", n));
            }
            ExitStatistics s = o.statistics();
            System.out.printf("%s on %s: %d replicas (%d run now, %d threads, %.1f s wall), %d escaped before t-max = %s%n",
                    engine, model.name(), s.n(), o.fresh().size(), k, o.wallSeconds(), s.escaped(), model.run().tMax());
            System.out.printf("exit time (%s): mean %.5g [95%% bootstrap CI %.5g, %.5g], sd %.4g, sem %.3g, median %.5g%s%n",
                    trial.time().definition(), s.mean(), s.ci95Mean()[0], s.ci95Mean()[1],
                    s.sd(), s.sem(), s.median(), s.censored() ? " (censored: over escaped replicas only)" : "");
            System.out.println("wrote " + dir.resolve("exit_times.csv") + " and " + dir.resolve("summary.json"));
            return 0;
        }
    }
}

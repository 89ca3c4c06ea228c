package dev.overlap.cli;

import dev.overlap.experiment.CompareReport;
import dev.overlap.experiment.Comparison;
import dev.overlap.experiment.Engines;
import dev.overlap.experiment.MonteCarlo;
import dev.overlap.spec.ModelSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Run several engines from the same initial condition; write exit times, figures and report.md.")
final class CompareCommand implements Callable<Integer> {
    @Mixin
    ModelOptions options;

    @Option(names = "--engines", split = ",", defaultValue = "sgd,chain,sde,ode",
            description = "Engines to compare (default: ${DEFAULT-VALUE}).")
    List<String> engines;

    @Option(names = "--seeds", defaultValue = "200", description = "Replicas of chain and sde (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--sgd-seeds", defaultValue = "20",
            description = "Replicas of the full network, the costly engine (default: ${DEFAULT-VALUE}).")
    int sgdSeeds;

    @Option(names = "--random-start", description = "Each replica draws its own random initial network.")
    boolean randomStart;

    @Option(names = "--no-curves", description = "Stop each replica at its exit instead of recording risk curves to t-max.")
    boolean noCurves;

    @Option(names = "--threads", paramLabel = "K", description = "Worker threads (default: available processors).")
    Integer threads;

    @Option(names = "--resume", description = "Continue the experiments in --out.")
    boolean resume;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: out/<model name>/compare).")
    Path out;

    @Override
    public Integer call() {
        ModelSpec model = options.load();
        for (String e : engines) {
            if (!Engines.AVAILABLE.contains(e)) {
                throw new IllegalArgumentException("--engines: '" + e + "' is not one of " + Engines.AVAILABLE);
            }
        }
        if (seeds < 1 || sgdSeeds < 1) {
            throw new IllegalArgumentException("--seeds and --sgd-seeds: must be at least 1");
        }
        Map<String, Integer> replicas = new LinkedHashMap<>();
        for (String e : engines) {
            replicas.put(e, e.equals("sgd") ? sgdSeeds : seeds);
        }
        int k = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Comparison.Settings settings = new Comparison.Settings(engines, replicas,
                randomStart ? MonteCarlo.Start.RANDOM : MonteCarlo.Start.SAME, k, resume, !noCurves);
        Path dir = out != null ? out : Path.of("out", model.name(), "compare");
        Comparison.Result r;
        List<ReplicaProgress> bars = new java.util.ArrayList<>();
        try {
            r = Comparison.run(model, settings, dir, (engine, n) -> {
                ReplicaProgress bar = new ReplicaProgress(engine, n);
                bars.add(bar);
                return bar;
            });
        } finally {
            bars.forEach(ReplicaProgress::close);
        }
        String md = CompareReport.write(r, dir);
        CompareReport.writeMarkdown(dir.resolve("report.md"), md);
        System.out.println(md.substring(0, md.indexOf("## Two-sample tests")).strip());
        System.out.println();
        System.out.println("wrote " + dir.resolve("report.md") + " with its figures, and per-engine exit_times.csv and "
                + "summary.json under " + dir);
        return 0;
    }
}

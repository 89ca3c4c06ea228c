package dev.overlap.cli;

import dev.overlap.experiment.OutputFolder;
import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.Comparison;
import dev.overlap.experiment.ExitTimesExperiment;
import dev.overlap.experiment.MonteCarlo;
import dev.overlap.experiment.Shard;
import dev.overlap.experiment.ShardManifest;
import dev.overlap.report.CompareReport;
import dev.overlap.report.SweepReport;
import dev.overlap.modelfile.Kinds;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.modelfile.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Run several engines from the same initial condition; write exit times, figures and report.md.")
final class CompareCommand implements Callable<Integer>, ModelCommand {
    @Mixin
    FigureOptions figures = new FigureOptions();

    @Mixin
    ModelOptions options;

    @Override
    public ModelOptions modelOptions() {
        return options;
    }

    @Option(names = "--engines", split = ",",
            description = "Engines to compare (default: sgd,chain,sde,ode; for target xor sgd,chain,ode, the SDE's "
                    + "covariance being O(p^4) at the model's width).")
    List<EngineKind> engines;

    @Option(names = "--seeds", description = "Replicas of chain and sde (default: 200; for target xor run.seeds).")
    Integer seeds;

    @Option(names = "--sgd-seeds", description = "Replicas of the full network, the costly engine (default: 20; for "
            + "target xor run.seeds).")
    Integer sgdSeeds;

    @Option(names = "--random-start", description = "Each replica draws its own random initial network.")
    boolean randomStart;

    @Option(names = "--curves", paramLabel = "C", description = "What each replica keeps on the recording grid, to "
            + "t-max: risk (default: the risk and the observables' curves), overlaps (also every M, Q and a: the columns "
            + "of trajectory.csv) or none (each replica stops at its exit); a sweep's grid points keep none.")
    MonteCarlo.Curves curves;

    @Option(names = "--no-curves", description = "The same as --curves none.")
    boolean noCurves;

    @Option(names = "--no-theory", description = "Skip the escape-theory prediction (its effective-start ODE runs cost "
            + "200 ODE integrations per grid point, minutes each at p = 500).")
    boolean noTheory;

    @Option(names = "--threads", paramLabel = "K", description = "Worker threads (default: available processors).")
    Integer threads;

    @Option(names = "--resume", description = "Continue the experiments in --out.")
    boolean resume;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: out/<model name>/compare).")
    Path out;

    @Option(names = "--shard", paramLabel = "i/n", description = "Run only shard i of n of every engine's replicas "
            + "(i, i+n, ... of the same streams) into a shard folder; overlap merge combines the n shard folders into the "
            + "compare (or sweep) run on one machine, report and figures included.")
    String shard;

    @Option(names = "--p", split = ",", paramLabel = "P", description = "Sweep over widths, e.g. --p 1,2,5,10.")
    List<Integer> widths;

    @Option(names = "--gamma", split = ",", paramLabel = "G", description = "Sweep over learning rates, e.g. --gamma 0.05,0.1.")
    List<Double> gammas;

    @Option(names = "--gamma-over-p", split = ",", paramLabel = "R", description = "Hold gamma/p fixed instead (the learning "
            + "rate is R*p at every width: the regime of [EM]'s width figure); a list sweeps over it.")
    List<Double> gammasOverP;

    @Override
    public Integer call() {
        if (gammas != null && gammasOverP != null) {
            throw new UsageException("command line: --gamma and --gamma-over-p: give one of them");
        }
        if (gammasOverP != null && gammasOverP.stream().anyMatch(r -> !(r > 0))) {
            throw new UsageException("command line: --gamma-over-p: must be > 0, got " + gammasOverP);
        }
        boolean sweep = options.d != null && options.d.size() > 1 || widths != null && widths.size() > 1
                || gammas != null && gammas.size() > 1 || gammasOverP != null && gammasOverP.size() > 1;
        if (sweep) {
            return sweep();
        }
        Map<String, String> point = new LinkedHashMap<>();
        if (widths != null) {
            point.put("student.p", widths.get(0).toString());
        }
        if (gammas != null) {
            point.put("training.learning-rate", gammas.get(0).toString());
        }
        if (gammasOverP != null) {
            point.put("training.learning-rate", perUnit(gammasOverP.get(0)));
        }
        ModelSpec model = options.load(point);
        defaults(model);
        if (seeds < 1 || sgdSeeds < 1) {
            throw new UsageException("command line: --seeds and --sgd-seeds: must be at least 1");
        }
        Path dir = out != null ? out : Path.of("out", model.name(), "compare" + shardSuffix());
        try (OutputFolder folder = OutputFolder.open(dir)) {
            if (!part().whole()) {
                runEngines(model, settings(curves()), dir);
                System.out.println("wrote shard " + part() + " of the comparison to " + dir + "; combine the " + part().count()
                        + " shard folders with: overlap merge SHARD_DIR... --out DIR");
                return 0;
            }
            Comparison.Result r = run(model, settings(curves()), dir);
            String md = CompareReport.write(r, dir, figures.size);
            CompareReport.writeMarkdown(dir.resolve("report.md"), md);
            System.out.println(md.substring(0, md.indexOf("## Two-sample tests")).strip());
            System.out.println();
            System.out.println("wrote " + dir.resolve("report.md") + " with its figures, and per-engine exit_times.csv and "
                    + "summary.json under " + dir);
            if (!resume && r.engines().values().stream().allMatch(o -> o.fresh().isEmpty())) {
                System.out.println(dir + " already held this finished comparison: no replica was run again, the report "
                        + "and figures were rewritten from its files");
            }
            return 0;
        }
    }

    /** Defaults that depend on the model: XOR's reduced runs cost as much as its full ones and p is large. */
    private void defaults(ModelSpec model) {
        boolean xor = model.teacher().target() == Kinds.Target.XOR;
        if (engines == null) {
            engines = xor ? List.of(EngineKind.SGD, EngineKind.CHAIN, EngineKind.ODE) : List.of(EngineKind.values());
        }
        if (seeds == null) {
            seeds = xor ? model.run().seeds() : 200;
        }
        if (sgdSeeds == null) {
            sgdSeeds = xor ? model.run().seeds() : 20;
        }
    }

    /** --curves, or none with --no-curves (the two may not disagree). */
    private MonteCarlo.Curves curves() {
        if (noCurves && curves != null && curves != MonteCarlo.Curves.NONE) {
            throw new UsageException("command line: --no-curves and --curves " + curves.label() + " disagree");
        }
        return noCurves ? MonteCarlo.Curves.NONE : curves != null ? curves : MonteCarlo.Curves.RISK;
    }

    private Comparison.Settings settings(MonteCarlo.Curves kept) {
        Map<EngineKind, Integer> replicas = new LinkedHashMap<>();
        for (EngineKind e : engines) {
            replicas.put(e, e.needsNetwork() ? sgdSeeds : seeds);
        }
        int k = Threads.resolve(threads);
        return new Comparison.Settings(engines, replicas, randomStart ? MonteCarlo.StartMode.RANDOM : MonteCarlo.StartMode.SAME, k,
                resume, kept, part(), !noTheory);
    }

    /** The learning rate R·p: an expression in the model's p, evaluated at each width. */
    private static String perUnit(double rate) {
        return rate + " * p";
    }

    private Shard part() {
        return shard == null ? Shard.WHOLE : Shard.parse(shard);
    }

    private String shardSuffix() {
        return part().whole() ? "" : "-shard-" + part().index() + "-of-" + part().count();
    }

    private static Comparison.Result run(ModelSpec model, Comparison.Settings settings, Path dir) {
        return Comparison.finish(model, settings, runEngines(model, settings, dir));
    }

    private static Map<EngineKind, ExitTimesExperiment.Outcome> runEngines(ModelSpec model, Comparison.Settings settings,
                                                                         Path dir) {
        List<ReplicaProgress> bars = new ArrayList<>();
        try {
            return Comparison.runEngines(model, settings, dir, (engine, n) -> {
                ReplicaProgress bar = new ReplicaProgress(engine.label(), n);
                bars.add(bar);
                return bar;
            });
        } finally {
            bars.forEach(ReplicaProgress::close);
        }
    }

    /** Every grid point of d × p × γ, each stopped at its exit (no curves), then the sweep report. */
    private Integer sweep() {
        // an axis that is not swept holds one null: the model file's value
        List<Integer> ds = options.d != null ? options.d : Collections.singletonList(null);
        List<Integer> ps = widths != null ? widths : Collections.singletonList(null);
        SweepReport.Regime regime = gammasOverP != null ? SweepReport.Regime.GAMMA_OVER_P : SweepReport.Regime.GAMMA;
        List<Double> gs = gammas != null ? gammas : gammasOverP != null ? gammasOverP : Collections.singletonList(null);
        ModelSpec base = options.load(Map.of());
        defaults(base);
        Path dir = out != null ? out : Path.of("out", base.name(), "compare-sweep" + shardSuffix());
        try (OutputFolder folder = OutputFolder.open(dir)) {
            List<SweepReport.Point> points = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<Double> rates = new ArrayList<>();
            for (Integer d : ds) {
                for (Integer p : ps) {
                    for (Double g : gs) {
                        Map<String, String> o = new LinkedHashMap<>();
                        if (d != null) {
                            o.put("d", d.toString());
                        }
                        if (p != null) {
                            o.put("student.p", p.toString());
                        }
                        if (g != null) {
                            o.put("training.learning-rate", regime == SweepReport.Regime.GAMMA ? g.toString() : perUnit(g));
                        }
                        ModelSpec m = options.load(o);
                        String name = "d=" + m.d() + "_p=" + m.student().p() + "_gamma=" + m.training().learningRate();
                        System.out.println("grid point " + name);
                        names.add(name);
                        double gamma = m.training().learningRate();
                        double rate = g != null ? g : regime == SweepReport.Regime.GAMMA ? gamma : gamma / m.student().p();
                        rates.add(rate);
                        if (part().whole()) {
                            Comparison.Result r = run(m, settings(MonteCarlo.Curves.NONE), dir.resolve("grid").resolve(name));
                            points.add(new SweepReport.Point(m.d(), m.student().p(), gamma, regime, rate, r));
                        } else {
                            runEngines(m, settings(MonteCarlo.Curves.NONE), dir.resolve("grid").resolve(name));
                        }
                    }
                }
            }
            if (!part().whole()) {
                ShardManifest.write(dir, Comparison.SWEEP_COMMAND, part(), Map.of("grid", names, "rates", rates,
                        "regime", regime.name()));
                System.out.println("wrote shard " + part() + " of the sweep to " + dir + "; combine the " + part().count()
                        + " shard folders with: overlap merge SHARD_DIR... --out DIR");
                return 0;
            }
            String md = SweepReport.write(points, dir, figures.size);
            CompareReport.writeMarkdown(dir.resolve("report.md"), md);
            System.out.println(md);
            System.out.println("wrote " + dir.resolve("report.md"));
            return 0;
        }
    }
}

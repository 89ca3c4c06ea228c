package dev.overlap.cli;

import dev.overlap.engine.EngineKind;
import dev.overlap.engine.sgd.CompilerDirective;
import dev.overlap.experiment.Benchmark;
import dev.overlap.experiment.Machine;
import dev.overlap.experiment.OutputFolder;
import dev.overlap.experiment.Trial;
import dev.overlap.io.BuildInfo;
import dev.overlap.io.Json;
import dev.overlap.problem.Problem;
import dev.overlap.modelfile.ModelLoader;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.modelfile.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Microseconds per step of each engine at each d, p and batch, with the reference costs of the same
 * shapes measured in the same run (see {@link Benchmark}); printed as a table and, with --out, written
 * to bench.json.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure microseconds per step of engines (sgd, chain, sde, ode; for ode: per exit-time "
                + "integration), set-up excluded, against references measured in the same run: drawing d Gaussians, "
                + "one streaming pass over a p x d array, and the two matrix products of a batch (EJML).")
final class BenchCommand implements Callable<Integer> {
    /** Phase retrieval ([EM]) from a random start: the default workload. */
    private static final String MODEL = """
            name: bench-phase-retrieval
            inputs: gaussian
            teacher: {target: committee, k: 1, activation: square, noise: 1.0e-4}
            student: {activation: square, readout: mean}
            training: {loss: square, learning-rate: 0.1, spherical: true}
            initial: {kind: random, seed: 9}
            exit: {stop: true}
            run: {t-max: 50}
            """;

    @Option(names = "--engine", split = ",", defaultValue = "sgd", paramLabel = "E",
            description = "Engines to measure, e.g. sgd,chain,sde,ode (default: ${DEFAULT-VALUE}).")
    List<EngineKind> engines;

    @Option(names = "--model", split = ",", paramLabel = "FILE", description = "Model files to measure instead of the "
            + "built-in phase retrieval (e.g. models/xor.yaml for batched XOR steps, or models/xor.yaml,"
            + "models/xor-mean-field.yaml for the two XOR ODEs side by side); --d, --p and --batch override them.")
    List<Path> modelFiles;

    @Option(names = "--d", split = ",", paramLabel = "D", description = "Input dimensions (default: 3000, or the model file's).")
    List<Integer> dims;

    @Option(names = "--p", split = ",", paramLabel = "P", description = "Widths (default: 1,8, or the model file's).")
    List<Integer> widths;

    @Option(names = "--batch", paramLabel = "B", description = "Batch size (default: 1, or the model file's).")
    Integer batch;

    @Option(names = "--seconds", defaultValue = "2", description = "Measured seconds per figure, after as long a warm-up "
            + "(default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--kolmogorov", description = "Also time the Kolmogorov exit-time law (theory's kolmogorov_* columns: "
            + "three grids or lattices, moments and survival) at each d with p = 1 or 2, against one ODE exit-time integration.")
    boolean kolmogorov;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write DIR/bench.json.")
    Path out;

    @Override
    public Integer call() {
        if (!(seconds > 0 && seconds <= 3600)) {
            throw new UsageException("command line: --seconds: must lie in (0, 3600], got " + seconds);
        }
        List<ModelSpec> models = models();
        Benchmark bench = new Benchmark(seconds);
        Machine machine = Machine.current();
        System.out.printf("overlap bench: %s s measured per figure after %s s warm-up%n  on %s%n", seconds, seconds,
                machine.describe());
        System.out.println("  sgd: Gaussian draw compiled apart from the step loop (HotSpot compiler directive): "
                + (CompilerDirective.applied() ? "yes" : "no"));
        System.out.println("  microseconds per step (ode: per exit-time integration), and as multiples of the references "
                + "measured in the same run on the same shapes");
        System.out.printf("  %-22s %-6s %9s %4s %6s %12s | %10s %10s %10s | %8s %8s %8s%n", "model", "engine", "d", "p", "batch",
                "us/step", "gauss us", "stream us", "product us", "x gauss", "x stream", "x product");
        Map<String, Benchmark.References> references = new HashMap<>();
        List<Benchmark.Row> rows = new ArrayList<>();
        for (ModelSpec m : models) {
            for (EngineKind engine : engines) {
                Trial trial = Trial.of(m, engine);
                Problem problem = trial.problem();
                Benchmark.References refs = references.computeIfAbsent(problem.d() + "/" + problem.p() + "/" + problem.batch(),
                        key -> bench.references(problem));
                Benchmark.Row r = bench.measure(trial, refs);
                rows.add(r);
                System.out.printf("  %-22s %-6s %9d %4d %6d %12.2f | %10.2f %10.2f %10.2f | %8.2f %8.2f %8.2f%n",
                        r.model(), r.engine(), r.d(),
                        r.p(), r.batch(), r.microsPerStep(), refs.gaussians(), refs.stream(), refs.product(),
                        r.microsPerStep() / refs.gaussians(), r.microsPerStep() / refs.stream(),
                        r.microsPerStep() / refs.product());
            }
        }
        if (rows.stream().anyMatch(r -> r.ode() != null)) {
            System.out.println("  ode breakdown: drift evaluations per exit-time integration, microseconds per evaluation "
                    + "(timed at the start), the integration's time outside the drift, and one p x p product (EJML)");
            System.out.printf("  %-22s %9s %4s %8s %12s %9s %12s %14s%n", "model", "d", "p", "evals", "drift us", "outside",
                    "p*p prod us", "products/eval");
            for (Benchmark.Row r : rows) {
                if (r.ode() != null) {
                    Benchmark.OdeBreakdown b = r.ode();
                    System.out.printf("  %-22s %9d %4d %8d %12.2f %8.1f%% %12.2f %14.2f%n", r.model(), r.d(), r.p(),
                            b.evaluations(),
                            b.driftMicros(), 100 * b.outsideFraction(), b.productMicros(), b.productsPerEvaluation());
                }
            }
        }
        List<Benchmark.LawRow> laws = new ArrayList<>();
        if (kolmogorov) {
            System.out.println("  Kolmogorov exit-time law (seconds per law, and as a multiple of one ODE exit-time integration)");
            System.out.printf("  %7s %4s %12s %12s %10s%n", "d", "p", "law s", "ode us", "x ode");
            for (ModelSpec m : models) {
                if (m.student().p() > 2) {
                    continue;
                }
                Benchmark.LawRow r = bench.kolmogorov(m);
                laws.add(r);
                System.out.printf("  %7d %4d %12.3f %12.2f %10.0f%n", r.d(), r.p(), r.seconds(), r.odeMicros(),
                        r.seconds() * 1e6 / r.odeMicros());
            }
        }
        if (bench.sink() == 42) { // reads the references' results so the JIT cannot drop their loops
            System.out.println();
        }
        if (out != null) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("program", BuildInfo.stamp());
            json.put("machine", machine.json());
            json.put("secondsPerFigure", seconds);
            json.put("sgdCompilerDirective", CompilerDirective.applied());
            json.put("units", "microseconds; ode: per exit-time integration; references: d Gaussians drawn, one pass "
                    + "y <- (y + a x) r over a p x d array, the products X W^T (B x d by d x p) and G^T X (p x B by B x d); "
                    + "ode breakdown: drift evaluations per integration, microseconds per drift evaluation at the start, "
                    + "the fraction of the integration outside the drift, one p x p product (EJML)");
            json.put("rows", rows);
            json.put("kolmogorov", laws);
            try (OutputFolder folder = OutputFolder.open(out)) {
                Json.write(out.resolve("bench.json"), json);
            }
            System.out.println("wrote " + out.resolve("bench.json"));
        }
        return 0;
    }

    /** Each model file (or the built-in model) at every d × p asked for, validated before anything is measured. */
    private List<ModelSpec> models() {
        List<ModelSpec> out = new ArrayList<>();
        List<Integer> ds = dims != null ? dims : modelFiles == null ? List.of(3000) : java.util.Collections.singletonList(null);
        List<Integer> ps = widths != null ? widths : modelFiles == null ? List.of(1, 8) : java.util.Collections.singletonList(null);
        List<Path> files = modelFiles == null ? java.util.Collections.singletonList(null) : modelFiles;
        for (Path file : files) {
            for (Integer d : ds) {
                for (Integer p : ps) {
                    Map<String, String> set = new LinkedHashMap<>();
                    if (d != null) {
                        set.put("d", d.toString());
                    }
                    if (p != null) {
                        set.put("student.p", p.toString());
                    }
                    if (batch != null) {
                        set.put("training.batch", batch.toString());
                    }
                    out.add(file == null ? ModelLoader.parse("bench", "bench", MODEL, set) : ModelLoader.load(file, set));
                }
            }
        }
        return out;
    }
}

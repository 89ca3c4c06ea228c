package dev.overlap.report;

import dev.overlap.engine.EngineKind;
import dev.overlap.engine.TimeAxis;
import dev.overlap.experiment.Comparison;
import dev.overlap.experiment.ExitTimesExperiment;
import dev.overlap.experiment.MonteCarlo;
import dev.overlap.experiment.Theory;
import dev.overlap.stats.OneSample;
import dev.overlap.theory.ExitTimeLaw;
import com.fasterxml.jackson.databind.JsonNode;
import dev.overlap.io.AtomicFiles;
import dev.overlap.io.CurvesCsv;
import dev.overlap.io.ExitTimesCsv;
import dev.overlap.io.CorruptFileException;
import dev.overlap.io.Json;
import dev.overlap.io.StrictJson;
import dev.overlap.io.TrajectoryCsv;
import java.nio.file.Files;
import dev.overlap.overlaps.XorObservables;
import dev.overlap.modelfile.Choice;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.stats.ExitStatistics;
import dev.overlap.stats.TwoSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures and report.md of one {@link Comparison}. */
public final class CompareReport {
    private CompareReport() {
    }

    /** The figures' format: the file extension, and what {@link Figures#draw} writes for it. */
    public enum Format { PNG, SVG, PDF }

    /** The reference ODE's trajectory, next to compare.json. */
    public static final String ODE_REFERENCE = "ode_reference.csv";

    /**
     * Saves what the figures and the report show (compare.json, ode_reference.csv; the engines' folders
     * already hold exit_times.csv and curves.csv.gz), draws the figures from those saved files — as
     * {@code overlap plot} does — and returns report.md's text.
     */
    public static String write(Comparison.Result r, Path dir, FigureSize size) {
        ModelSpec m = r.model();
        TimeAxis time = r.trial().time();
        Map<String, double[]> samples = new LinkedHashMap<>();
        for (Map.Entry<EngineKind, ExitTimesExperiment.Outcome> e : r.engines().entrySet()) {
            if (inEcdf(e.getKey(), r)) {
                samples.put(e.getKey().label(), e.getValue().rows().stream().mapToDouble(ExitTimesCsv.Row::exitTime).toArray());
            }
        }
        TrajectoryCsv.write(dir.resolve(ODE_REFERENCE), r.ode().columns(), r.ode().rows());
        List<TwoSample.Pair> tests = TwoSample.pairwise(samples);
        Json.write(dir.resolve("compare.json"), CompareJson.of(r, samples, tests));
        figures(dir, Format.PNG, false, size);
        return markdown(r, time, tests, r.settings().recordsCurves());
    }

    /** Whether an engine's exit times are a sample (a deterministic engine from one start is a single time). */
    private static boolean inEcdf(EngineKind engine, Comparison.Result r) {
        return !engine.deterministic() || r.settings().start() == MonteCarlo.StartMode.RANDOM;
    }

    /**
     * Draws every figure of a compare folder from its saved files alone: compare.json, ode_reference.csv and
     * each engine's exit_times.csv and curves.csv.gz. {@code compare} and {@code overlap plot} both call it.
     *
     * @return the files written
     */
    public static List<Path> figures(Path dir, Format format, boolean histogram, FigureSize size) {
        // everything is read and checked before the first figure is drawn: corrupt input redraws nothing
        StrictJson compare = StrictJson.read(dir.resolve("compare.json"));
        JsonNode json = compare.root();
        JsonNode fig = compare.object("figures");
        String title = compare.text("figures.title");
        String unit = "t (" + compare.text("timeDefinition") + ")";
        String ext = "." + format.name().toLowerCase(java.util.Locale.ROOT);
        List<Path> written = new ArrayList<>();
        Map<String, double[]> samples = new LinkedHashMap<>();
        Map<String, CurvesCsv.Table> curves = new LinkedHashMap<>();
        java.util.Set<String> inEcdf = new java.util.HashSet<>();
        compare.array("figures.ecdf").forEach(e -> inEcdf.add(e.asText()));
        if (compare.array("figures.engines").isEmpty()) {
            throw compare.bad("figures.engines", "is empty");
        }
        // figures.curves: whether every random engine's curves were recorded (absent before version 0.1: unknown)
        boolean recorded = fig.has("curves") && compare.bool("figures.curves");
        for (JsonNode e : fig.path("engines")) {
            String engine = e.asText();
            EngineKind kind;
            try {
                kind = EngineKind.parse(engine);
            } catch (RuntimeException ex) {
                throw compare.bad("figures.engines", "names no engine: " + e);
            }
            Path folder = dir.resolve(engine);
            List<ExitTimesCsv.Row> rows = ExitTimesCsv.read(folder.resolve("exit_times.csv"));
            if (inEcdf.contains(engine)) {
                samples.put(engine, rows.stream().mapToDouble(ExitTimesCsv.Row::exitTime).toArray());
            }
            // a deterministic engine's one run is the thick reference line (ode_reference.csv), not a replica
            Path curveFile = folder.resolve(CurvesCsv.FILE);
            if (!kind.deterministic() && Files.exists(curveFile)) {
                CurvesCsv.Table table = CurvesCsv.read(curveFile);
                CurvesCsv.requireReplicas(curveFile, table, rows.stream().map(ExitTimesCsv.Row::seed).toList(), true);
                curves.put(engine, table);
            } else if (!kind.deterministic() && !rows.isEmpty() && recorded) {
                throw new CorruptFileException(curveFile, "missing: compare.json says curves were recorded");
            }
        }
        JsonNode effective = json.path("theory").path("effectiveSamples");
        if (effective.size() > 0) {
            double[] t = new double[effective.size()];
            for (int i = 0; i < t.length; i++) {
                if (!effective.get(i).isNumber() && !effective.get(i).isNull()) {
                    throw compare.bad("theory.effectiveSamples", "holds " + effective.get(i) + ", not a time or null");
                }
                t[i] = effective.get(i).isNumber() ? effective.get(i).asDouble() : Double.NaN; // null: never exits
            }
            samples.put("theory: effective start", t);
        }
        JsonNode kolmogorov = json.path("theory").path("kolmogorov");
        if (kolmogorov.path("times").size() >= 2) {
            for (String field : new String[] {"times", "survival"}) {
                JsonNode values = compare.array("theory.kolmogorov." + field);
                if (values.size() != kolmogorov.path("times").size()) {
                    throw compare.bad("theory.kolmogorov.survival", "has " + values.size() + " values for "
                            + kolmogorov.path("times").size() + " times");
                }
                values.forEach(v -> {
                    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                        throw compare.bad("theory.kolmogorov." + field, "holds " + v + ", not a finite number");
                    }
                });
            }
            ExitTimeLaw law;
            try {
                law = lawOf(kolmogorov);
            } catch (IllegalArgumentException e) {
                throw compare.bad("theory.kolmogorov", "is not an exit-time law: " + e.getMessage());
            }
            samples.put("Kolmogorov law " + Figures.EXACT, law.quasiSample(2000));
        }
        Map<String, Double> lines = new LinkedHashMap<>();
        compare.object("figures.lines").properties().forEach(l -> lines.put(l.getKey(), l.getValue().isNull()
                ? Double.NaN : compare.number("figures.lines." + l.getKey(), Double.NEGATIVE_INFINITY))); // null: none
        TrajectoryCsv.Table ode = curves.isEmpty() ? null : TrajectoryCsv.read(dir.resolve(ODE_REFERENCE));
        double riskWindowStart = curves.isEmpty() ? 0 : compare.number("figures.riskWindowStart", 0);
        if (!curves.isEmpty()) {
            String[][] panels = fig.path("xor").asBoolean()
                    ? new String[][] {{"risk", "risk_curves", "Risk of every replica: " + title,
                        "risk (population loss vs noiseless label), log scale"},
                        {"error", "xor_error", "Test error of every replica: " + title,
                            "test error P(sign f != y) (sgd: hypercube test set; chain, ode: Gaussian-equivalent)"},
                        {"w_sig_mean", "xor_w_sig", "Mean signal weight of every replica: " + title,
                            "mean over neurons of |w_sig| (weight units)"}}
                    : new String[][] {{"risk", "risk_curves", "Excess risk R - Delta/2 of every replica: " + title,
                        "risk (population loss vs noiseless label), log scale"}};
            for (String[] panel : panels) {
                Map<String, List<Figures.Curve>> replicas = new LinkedHashMap<>();
                curves.forEach((engine, table) -> replicas.put(engine, table.curves().stream()
                        .map(rows -> Figures.Curve.of(rows, table.column("t"), table.column(panel[0]))).toList()));
                Figures.Curve reference = Figures.Curve.of(ode.rows(), ode.columns().indexOf("t"),
                        ode.columns().indexOf(panel[0]));
                Path file = dir.resolve(panel[1] + ext);
                if (panel[0].equals("risk")) {
                    Map<String, Double> exits = new LinkedHashMap<>(); // each engine's median exit, and the ODE's
                    for (String engine : curves.keySet()) {
                        double median = numberOrNaN(compare, "engines." + engine + ".statistics.median");
                        exits.put(String.format("%s: median exit %.4g", engine, median), median);
                    }
                    double odeExit = numberOrNaN(compare, "odeExitTime");
                    exits.put(String.format("%s: exit %.4g", EngineKind.ODE.label(), odeExit), odeExit);
                    Figures.draw(file, Figure.CurvesPlot.logLog(panel[2], unit + ", log scale", panel[3], replicas,
                            reference, riskWindowStart, exits), size);
                } else {
                    Figures.draw(file, new Figure.CurvesPlot(panel[2], unit, panel[3], replicas, reference, 0, false,
                            Map.of()), size);
                }
                written.add(file);
            }
        }
        Path ecdf = dir.resolve("exit_times_ecdf" + ext);
        Figures.draw(ecdf, new Figure.EcdfPlot("Exit-time distributions: " + title, "exit time " + unit, samples, lines),
                size);
        written.add(ecdf);
        if (histogram) {
            Path hist = dir.resolve("exit_times_hist" + ext);
            Figures.draw(hist, new Figure.HistogramPlot("Exit-time histograms: " + title, "exit time " + unit, samples,
                    lines, 30), size);
            written.add(hist);
        }
        return written;
    }

    static boolean xor(ModelSpec m) {
        return m.teacher().target() == dev.overlap.modelfile.Kinds.Target.XOR;
    }

    private static String markdown(Comparison.Result r, TimeAxis time, List<TwoSample.Pair> tests, boolean curves) {
        ModelSpec m = r.model();
        double samplesPerUnit = m.training().batch() / time.perStep();
        StringBuilder md = new StringBuilder();
        md.append("# overlap compare: ").append(m.name()).append("\n\n");
        md.append(String.format("Model: %s inputs, d = %d, p = %d, k = %d, student %s / teacher %s (%s target), %s loss, "
                        + "gamma = %s, Delta = %s, batch %d, spherical %s.%n%n", Choice.name(m.inputs()), m.d(), m.student().p(),
                m.teacher().k(), Choice.name(m.student().activation()), Choice.name(m.teacher().activation()),
                Choice.name(m.teacher().target()), Choice.name(m.training().loss()), m.training().learningRate(),
                m.teacher().noise(), m.training().batch(), m.training().spherical()));
        md.append(r.settings().start() == MonteCarlo.StartMode.SAME
                ? "Start: every replica from the model's initial condition (initial.seed = " + m.initial().seed()
                + "); only the SGD noise differs.\n\n"
                : "Start: each replica draws its own random initial network (from its own stream).\n\n");
        md.append("Seeds: replica i uses stream i split from run.seed = ").append(m.run().seed()).append(".\n\n");
        md.append("Time: ").append(time.definition()).append(". Exit: ")
                .append(r.trial().with(EngineKind.SGD).exitDefinition())
                .append(m.run().odeStep() == 0 ? " (the ODE's is an integrator event)." : " (the ODE's interpolated between its RK4 steps).")
                .append(" Samples: n = t x ").append(String.format("%.6g", samplesPerUnit)).append(" per unit of t.\n\n");
        md.append("## Exit times\n\n");
        md.append("Moments, quantiles and 95 % bootstrap intervals over the replicas that escaped before t-max = ")
                .append(m.run().tMax()).append("; a censored row says so.\n\n");
        md.append("| engine | what it is | replicas | escaped | mean [95 % CI] | median [95 % CI] | sd | mean / t_ODE | samples n at the mean | wall (s) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        double ode = r.odeExit();
        for (Map.Entry<EngineKind, ExitTimesExperiment.Outcome> e : r.engines().entrySet()) {
            ExitStatistics s = e.getValue().statistics();
            md.append(String.format("| %s | %s | %d | %d%s | %.4g [%.4g, %.4g] | %.4g [%.4g, %.4g] | %.3g | %.3f | %.4g | %.1f |%n",
                    e.getKey(), e.getKey().describe(r.trial().problem()), s.n(), s.escaped(), s.censored() ? " (censored)" : "",
                    s.mean(), s.ci95Mean()[0], s.ci95Mean()[1], s.median(), s.ci95Median()[0], s.ci95Median()[1], s.sd(),
                    s.mean() / ode, s.mean() * samplesPerUnit, e.getValue().wallSeconds()));
        }
        md.append(String.format("%nReference: the ODE from this start exits at t_ODE = %.6g (n = %.4g samples).%n%n", ode,
                ode * samplesPerUnit));
        md.append("## Two-sample tests\n\n");
        md.append("Kolmogorov–Smirnov, H0: the two engines' exit times (escaped replicas) have the same law. "
                + "D is the largest distance between the empirical CDFs; a small p-value rejects H0.\n\n");
        md.append("| engines | n1 | n2 | D | p-value |\n|---|---|---|---|---|\n");
        for (TwoSample.Pair pair : tests) {
            TwoSample ks = pair.test();
            md.append(String.format("| %s vs %s | %d | %d | %.3f | %.3g |%n", pair.first(), pair.second(), ks.n1(), ks.n2(),
                    ks.statistic(), ks.pValue()));
        }
        md.append("\n## Theory (docs/theory.md, escape-rate theory)\n\n");
        Theory.Prediction t = r.theory();
        if (t == null) {
            md.append("Not available: ").append(r.theoryNote()).append("\n\n");
        } else {
            md.append(String.format("Escape rate lambda = %.6g per unit natural time; s^2 = Var[G nu] = %s at mediocrity "
                            + "(per sample, one number per entry of M).%n%n", t.lambda(),
                    java.util.Arrays.stream(t.incrementVar()).mapToObj(v -> String.format("%.6g", v))
                            .collect(java.util.stream.Collectors.joining(", "))));
            md.append("| prediction | exit time |\n|---|---|\n");
            md.append(String.format("| leading term ln(d)/(2 lambda) | %.4g |%n", t.leading()));
            md.append(String.format("| ODE from abs(m0) = 1/sqrt(d) (offset c = %.3g) | %.4g |%n", t.offset(), t.odeFromScale()));
            md.append(String.format("| ODE from this start (max abs(M0) = %.3g) | %.4g |%n", t.m0(), t.odeFromStart()));
            md.append(String.format("| ODE from the effective start m0 + Sigma^(1/2) Z (sigma_eff = %.3g), exiting at the true "
                            + "R(0)'s level: mean +- error, median, 5-95 %% | %.4g +- %.2g, %.4g, %.4g-%.4g (%d of %d never exit) |%n",
                    t.sigmaEff(), t.effMean(), t.effMeanError(), t.quantiles()[2], t.quantiles()[0], t.quantiles()[4],
                    t.notEscaped(), t.samples()));
            md.append("\nEffective-start mean: ").append(t.effMeanMethod()).append("; Sigma: ").append(t.covariance())
                    .append(".\n");
            kolmogorovSection(md, r, t.kolmogorov());
            md.append("\nRatios of the measured mean exit time to the effective-start prediction: ");
            List<String> ratios = new ArrayList<>();
            r.engines().forEach((e, o) -> ratios.add(String.format("%s %.3f", e, o.statistics().mean() / t.effMean())));
            md.append(String.join(", ", ratios)).append(".\n\n");
        }
        md.append("## Figures\n\n");
        if (curves) {
            md.append("Risk of every replica (thin lines; all of them, also those of earlier invocations of a resumed "
                    + "compare) and of the ODE (thick black), log-log:\n\n")
                    .append("![risk curves](risk_curves.png)\n\n");
            if (xor(m)) {
                md.append("Test error (").append(XorObservables.errorDefinition(r.trial().problem()))
                        .append(") and the mean signal weight |w_sig| against t:\n\n")
                        .append("![test error](xor_error.png)\n\n![mean |w_sig|](xor_w_sig.png)\n\n");
            }
        }
        md.append("Exit-time ECDFs, with the Kolmogorov law (where computed) and the effective-start theory as their own ECDFs (ODE exit times from m0 + sigma_eff Z) "
                + "and the ODE from this start and the theory's mean as dashed lines:\n\n")
                .append("![exit-time ECDFs](exit_times_ecdf.png)\n");
        return md.toString();
    }

    /** Writes report.md atomically. */
    public static void writeMarkdown(Path file, String markdown) {
        AtomicFiles.write(file, out -> out.write(markdown));
    }

    /** The law recorded in compare.json's theory.kolmogorov (its survival curve), for figures. */
    static ExitTimeLaw lawOf(JsonNode k) {
        double[] times = new double[k.path("times").size()];
        double[] survival = new double[times.length];
        for (int i = 0; i < times.length; i++) {
            times[i] = k.path("times").get(i).asDouble();
            survival[i] = k.path("survival").get(i).asDouble();
        }
        return new ExitTimeLaw(k.path("mean").asDouble(Double.NaN), k.path("meanError").asDouble(Double.NaN),
                k.path("sd").asDouble(Double.NaN), times, survival, k.path("quantileError").asDouble(Double.NaN),
                k.path("method").asText());
    }

    /** The Kolmogorov law's row, and each random engine's one-sample KS test against it and ratio to its mean. */
    private static void kolmogorovSection(StringBuilder md, Comparison.Result r, Theory.Kolmogorov k) {
        if (k.law().isEmpty()) {
            md.append("\nKolmogorov law (the exact finite-d reference, docs/theory.md §10): not computed, ").append(k.scope())
                    .append(".\n");
            return;
        }
        ExitTimeLaw law = k.law().get();
        double[] q = law.quantiles();
        md.append(String.format("%nKolmogorov law of the reduced diffusion from this start (exact, not Monte Carlo; "
                        + "docs/theory.md §10): mean %.4g +- %.2g, sd %.4g, median %.4g, 5-95 %% %.4g-%.4g (quantile error "
                        + "%.2g). %s.%n%n", law.mean(), law.meanError(), law.sd(), q[2], q[0], q[4], law.quantileError(),
                law.method()));
        md.append("| engine | mean / Kolmogorov mean | one-sample KS D | p-value |\n|---|---|---|---|\n");
        r.engines().forEach((e, o) -> {
            double[] t = o.rows().stream().mapToDouble(ExitTimesCsv.Row::exitTime).filter(Double::isFinite).toArray();
            if (!e.deterministic() && t.length >= 2) {
                OneSample ks = OneSample.ks(t, law::cdf);
                md.append(String.format("| %s | %.3f | %.3f | %.3g |%n", e, o.statistics().mean() / law.mean(), ks.statistic(),
                        ks.pValue()));
            }
        });
    }

    /** The number at a path of compare.json, or NaN where it holds none (a censored median, an ODE that never exits). */
    private static double numberOrNaN(StrictJson compare, String path) {
        JsonNode n = compare.root();
        for (String name : path.split("\\.")) {
            n = n.path(name);
        }
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }
}

package dev.overlap.report;

import dev.overlap.engine.EngineKind;
import dev.overlap.engine.TimeAxis;
import dev.overlap.experiment.Comparison;
import dev.overlap.experiment.ExitTimesExperiment;
import dev.overlap.experiment.MonteCarlo;
import dev.overlap.experiment.Theory;
import dev.overlap.io.AtomicFiles;
import dev.overlap.io.ExitTimesCsv;
import dev.overlap.overlaps.XorObservables;
import dev.overlap.spec.Choice;
import dev.overlap.spec.ModelSpec;
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

    /** Writes risk_curves.png, exit_times_ecdf.png, exit_times_hist.png and returns the report's Markdown. */
    public static String write(Comparison.Result r, Path dir) {
        ModelSpec m = r.model();
        TimeAxis time = r.trial().time();
        String unit = "t (" + time.definition() + ")";
        Map<String, double[]> samples = new LinkedHashMap<>();
        for (Map.Entry<EngineKind, ExitTimesExperiment.Outcome> e : r.engines().entrySet()) {
            if (!e.getKey().deterministic() || r.settings().start() == MonteCarlo.StartMode.RANDOM) {
                samples.put(e.getKey().label(), e.getValue().rows().stream().mapToDouble(ExitTimesCsv.Row::exitTime).toArray());
            }
        }
        Map<String, Double> lines = new LinkedHashMap<>();
        lines.put("ode from this start", r.odeExit());
        if (r.theory() != null) {
            lines.put("theory: effective-IC mean", r.theory().effMean());
        }
        String title = m.name() + ", d = " + m.d() + ", p = " + m.student().p();
        boolean curves = r.settings().recordRisk();
        if (curves) {
            Map<String, List<Figures.Curve>> replicas = new LinkedHashMap<>();
            Comparison.curves(r).forEach((engine, list) ->
                    replicas.put(engine.label(), list.stream().map(CompareReport::curve).toList()));
            Figures.Curve ode = curve(r.ode().rows().stream().map(row -> new double[] {row[0], row[2]}).toList());
            Figures.riskCurves(dir.resolve("risk_curves.png"), "Excess risk R - Delta/2 of every replica: " + title,
                    unit + ", log scale", "risk (population loss vs noiseless label), log scale", replicas, ode,
                    Math.min(1, m.run().tMax() / 10));
            if (xor(m)) {
                xorCurves(r, dir, title, unit);
            }
        }
        Figures.ecdf(dir.resolve("exit_times_ecdf.png"), "Exit-time distributions: " + title, "exit time " + unit, samples,
                lines);
        Figures.histogram(dir.resolve("exit_times_hist.png"), "Exit-time histograms: " + title, "exit time " + unit, samples,
                lines, 30);
        return markdown(r, time, samples, curves);
    }

    static Figures.Curve curve(List<double[]> rows) {
        return curve(rows, 1);
    }

    /** Column 0 of the rows against column {@code column}. */
    static Figures.Curve curve(List<double[]> rows, int column) {
        double[] x = new double[rows.size()];
        double[] y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            x[i] = rows.get(i)[0];
            y[i] = rows.get(i)[column];
        }
        return new Figures.Curve(x, y);
    }

    static boolean xor(ModelSpec m) {
        return m.teacher().target() == dev.overlap.spec.Kinds.Target.XOR;
    }

    /** xor_error.png and xor_w_sig.png: test error and mean |w_sig| of every replica and of the ODE against t. */
    private static void xorCurves(Comparison.Result r, Path dir, String title, String unit) {
        List<String> odeColumns = r.ode().columns();
        String[][] figures = {
            {"error", "xor_error.png", "Test error of every replica: " + title,
                "test error P(sign f != y) (sgd: hypercube test set; chain, ode: Gaussian-equivalent)"},
            {"w_sig_mean", "xor_w_sig.png", "Mean signal weight of every replica: " + title,
                "mean over neurons of |w_sig| (weight units)"}};
        for (int f = 0; f < figures.length; f++) {
            int column = 2 + f; // replica curves hold t, risk, then the curve columns error, w_sig_mean
            Map<String, List<Figures.Curve>> replicas = new LinkedHashMap<>();
            Comparison.curves(r).forEach((engine, list) ->
                    replicas.put(engine.label(), list.stream().map(rows -> curve(rows, column)).toList()));
            int odeColumn = odeColumns.indexOf(figures[f][0]);
            Figures.Curve ode = curve(r.ode().rows().stream().map(row -> new double[] {row[0], row[odeColumn]}).toList());
            Figures.curves(dir.resolve(figures[f][1]), figures[f][2], unit, figures[f][3], replicas, ode, 0, false);
        }
    }

    private static String markdown(Comparison.Result r, TimeAxis time, Map<String, double[]> samples, boolean curves) {
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
        List<String> names = new ArrayList<>(samples.keySet());
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                double[] x = finite(samples.get(names.get(i)));
                double[] y = finite(samples.get(names.get(j)));
                if (x.length < 2 || y.length < 2) {
                    continue;
                }
                TwoSample ks = TwoSample.ks(x, y);
                md.append(String.format("| %s vs %s | %d | %d | %.3f | %.3g |%n", names.get(i), names.get(j), ks.n1(),
                        ks.n2(), ks.statistic(), ks.pValue()));
            }
        }
        md.append("\n## Theory (docs/theory.md, escape-rate theory)\n\n");
        Theory.Prediction t = r.theory();
        if (t == null) {
            md.append("Not available: ").append(r.theoryNote()).append("\n\n");
        } else {
            md.append(String.format("Escape rate lambda = %.6g per unit natural time; s^2 = Var[G nu] = %s at mediocrity.%n%n",
                    t.lambda(), java.util.Arrays.toString(t.incrementVar())));
            md.append("| prediction | exit time |\n|---|---|\n");
            md.append(String.format("| leading term ln(d)/(2 lambda) | %.4g |%n", t.leading()));
            md.append(String.format("| ODE from |m0| = 1/sqrt(d) (offset c = %.3g) | %.4g |%n", t.offset(), t.odeFromScale()));
            md.append(String.format("| ODE from this start (|m0| = %.3g) | %.4g |%n", t.m0(), t.odeFromStart()));
            md.append(String.format("| ODE from the effective start m0 + sigma_eff Z (sigma_eff = %.3g): mean, median, 5-95 %% "
                            + "| %.4g, %.4g, %.4g-%.4g (%d of %d never exit) |%n", t.sigmaEff(), t.effMean(), t.quantiles()[2],
                    t.quantiles()[0], t.quantiles()[4], t.notEscaped(), t.samples()));
            md.append("\nRatios of the measured mean exit time to the effective-start prediction: ");
            List<String> ratios = new ArrayList<>();
            r.engines().forEach((e, o) -> ratios.add(String.format("%s %.3f", e, o.statistics().mean() / t.effMean())));
            md.append(String.join(", ", ratios)).append(".\n\n");
        }
        md.append("## Figures\n\n");
        if (curves) {
            md.append("Risk of every replica run in this invocation (thin lines) and of the ODE (thick black), log-log:\n\n")
                    .append("![risk curves](risk_curves.png)\n\n");
            if (xor(m)) {
                md.append("Test error (").append(XorObservables.errorDefinition(r.trial().problem()))
                        .append(") and the mean signal weight |w_sig| against t:\n\n")
                        .append("![test error](xor_error.png)\n\n![mean |w_sig|](xor_w_sig.png)\n\n");
            }
        }
        md.append("Exit-time ECDFs, with the ODE from this start and the effective-start theory as dashed lines:\n\n")
                .append("![exit-time ECDFs](exit_times_ecdf.png)\n\n![exit-time histograms](exit_times_hist.png)\n");
        return md.toString();
    }

    static double[] finite(double[] x) {
        return java.util.Arrays.stream(x).filter(Double::isFinite).toArray();
    }

    /** Writes report.md atomically. */
    public static void writeMarkdown(Path file, String markdown) {
        AtomicFiles.write(file, out -> out.write(markdown));
    }
}

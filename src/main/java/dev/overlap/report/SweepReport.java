package dev.overlap.report;

import dev.overlap.engine.EngineKind;
import dev.overlap.engine.TimeAxis;
import dev.overlap.experiment.Comparison;
import dev.overlap.experiment.ExitTimesExperiment;
import dev.overlap.experiment.Theory;
import dev.overlap.io.CsvTable;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.stats.ExitStatistics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The grid of a {@code compare} sweep over d, p and γ: a table of every grid point and engine (report.md
 * and sweep.csv), and
 * the two figures of docs/theory.md ([EM]) — mean exit time against ln d (with the theory), and the ratio
 * t_exit(simulation)/t_exit(ODE) against p, one series per d (the [EM] width figure).
 */
public final class SweepReport {
    private SweepReport() {
    }

    /**
     * Which learning rate a sweep over p holds fixed. The drift depends on γ/p, and at fixed γ the SGD noise
     * per unit shrinks like 1/√p, so t_exit(simulation)/t_exit(ODE) → 1 trivially; [EM]'s width figure
     * fixes γ/p.
     */
    public enum Regime {
        GAMMA("gamma", "gamma fixed across p (the SGD noise shrinks like 1/sqrt(p), so the ratio tends to 1 "
                + "trivially as p grows)"),
        GAMMA_OVER_P("gamma/p", "gamma/p fixed across p (the regime of [EM]'s width figure: the drift depends on "
                + "gamma/p)");

        private final String label;
        private final String description;

        Regime(String label, String description) {
            this.label = label;
            this.description = description;
        }

        public String label() {
            return label;
        }

        public String description() {
            return description;
        }
    }

    /** One grid point: its settings, the swept rate (γ, or γ/p in that regime) and its comparison. */
    public record Point(int d, int p, double gamma, Regime regime, double rate, Comparison.Result result) {
    }

    /** The columns of sweep.csv: one row per grid point and engine. */
    public static final List<String> COLUMNS = List.of("d", "p", "gamma", "gamma_over_p", "regime", "engine", "replicas",
            "escaped",
            "mean", "ci95_lo", "ci95_hi", "sd", "median", "t_ode", "mean_over_t_ode", "ratio_ci95_lo", "ratio_ci95_hi",
            "theory_leading", "theory_effective_mean", "time_unit");

    /** sweep.csv, the figures (kept, so overlap plot redraws them) and the Markdown, which it returns. */
    public static String write(List<Point> points, Path dir, FigureSize size) {
        writeCsv(points, dir.resolve("sweep.csv"));
        StringBuilder md = new StringBuilder("# overlap compare: sweep\n\n");
        ModelSpec first = points.get(0).result().model();
        TimeAxis time = points.get(0).result().trial().time();
        md.append("Model ").append(first.name()).append("; times in ").append(time.definition())
                .append("; each grid point's exit_times.csv and summary.json are under grid/. Means with 95 % bootstrap "
                        + "intervals over escaped replicas; ratios are to the ODE from the same start.\n\n");
        md.append("| d | p | gamma | engine | replicas | escaped | mean [95 % CI] | t_ODE | mean / t_ODE | theory ln(d)/(2 lambda) | theory effective-start mean |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Point pt : points) {
            Comparison.Result r = pt.result();
            Theory.Prediction t = r.theory();
            for (Map.Entry<EngineKind, ExitTimesExperiment.Outcome> e : r.engines().entrySet()) {
                ExitStatistics s = e.getValue().statistics();
                md.append(String.format("| %d | %d | %s | %s | %d | %d | %.4g [%.4g, %.4g] | %.4g | %.3f | %s | %s |%n", pt.d(),
                        pt.p(), pt.gamma(), e.getKey(), s.n(), s.escaped(), s.mean(), s.ci95Mean()[0], s.ci95Mean()[1],
                        r.odeExit(), s.mean() / r.odeExit(), t == null ? "n/a" : String.format("%.4g", t.leading()),
                        t == null ? "n/a" : String.format("%.4g", t.effMean())));
            }
        }
        TreeSet<Integer> ds = new TreeSet<>();
        TreeSet<Integer> ps = new TreeSet<>();
        points.forEach(pt -> {
            ds.add(pt.d());
            ps.add(pt.p());
        });
        Regime regime = points.get(0).regime();
        double rate0 = points.get(0).rate();
        String rateText = regime.label() + " = " + rate0;
        // the regime speaks of how the rate scales across p: only a sweep over p has one
        md.insert(md.indexOf("\n\n") + 2, ps.size() > 1 ? "Regime: " + regime.description() + ".\n\n"
                : "Width p = " + ps.first() + " at every point, " + rateText + ".\n\n");
        if (ds.size() > 1) {
            int p0 = points.get(0).p();
            sweepOverD(points, p0, rate0, rateText, time, dir, size);
            md.append("\n## Exit time against d, log scale (p = ").append(p0).append(", ").append(rateText).append(")\n\n")
                    .append("![sweep over d](sweep_d.png)\n");
        }
        if (ps.size() > 1) {
            sweepOverP(points, rate0, rateText, dir, size);
            md.append("\n## Width: t_exit(simulation) / t_exit(ODE) against p (").append(rateText).append(")\n\n")
                    .append("![sweep over p](sweep_p.png)\n");
        }
        return md.toString();
    }

    private static void sweepOverD(List<Point> points, int p, double rate, String rateText, TimeAxis time, Path dir,
                                   FigureSize size) {
        List<Point> row = points.stream().filter(pt -> pt.p() == p && pt.rate() == rate).toList();
        Map<EngineKind, List<double[]>> byEngine = new LinkedHashMap<>();
        List<double[]> theory = new ArrayList<>();
        for (Point pt : row) {
            double dim = pt.d();
            pt.result().engines().forEach((engine, o) -> {
                ExitStatistics s = o.statistics();
                byEngine.computeIfAbsent(engine, x -> new ArrayList<>())
                        .add(new double[] {dim, s.mean(), s.ci95Mean()[0], s.ci95Mean()[1]});
            });
            if (pt.result().theory() != null) {
                theory.add(new double[] {dim, pt.result().theory().effMean(), pt.result().theory().leading(),
                    pt.result().odeExit()});
            }
        }
        List<Figures.Points> series = new ArrayList<>();
        byEngine.forEach((engine, v) -> series.add(new Figures.Points(engine.label(), col(v, 0), col(v, 1), col(v, 2),
                col(v, 3))));
        Map<String, Figures.Curve> lines = new LinkedHashMap<>();
        if (!theory.isEmpty()) {
            lines.put("theory: ODE from effective start (mean)", new Figures.Curve(col(theory, 0), col(theory, 1)));
            // ln(d)/(2 lambda) alone lacks the O(1) offset of the exit time: drawn with c = t_ODE − ln(d)/(2 lambda) at the
            // smallest d, where the ODE from the model's start gives it
            double[] first = theory.get(0);
            double offset = Double.isFinite(first[3]) ? first[3] - first[2] : 0;
            double[] shifted = col(theory, 2).clone();
            for (int i = 0; i < shifted.length; i++) {
                shifted[i] += offset;
            }
            lines.put(String.format("theory: ln(d)/(2 lambda) + c, c = %.3g (the ODE at d = %.0f)", offset, first[0]),
                    new Figures.Curve(col(theory, 0), shifted));
        }
        Figures.keep(dir.resolve("sweep_d.png"), new Figure.PointsPlot("Mean exit time against d (p = " + p + ", "
                + rateText + "; bars: 95 % CI, engines side by side)", "d, log scale (the theory is linear in ln d)",
                "mean exit time t (" + time.definition() + ")", series, lines, true), size);
    }

    private static void sweepOverP(List<Point> points, double rate, String rateText, Path dir, FigureSize size) {
        TreeSet<Integer> ds = new TreeSet<>();
        points.forEach(pt -> ds.add(pt.d()));
        List<Figures.Points> series = new ArrayList<>();
        EngineKind engineShown = null;
        for (int d : ds) {
            List<double[]> v = new ArrayList<>();
            for (Point pt : points) {
                if (pt.d() != d || pt.rate() != rate) {
                    continue;
                }
                Map<EngineKind, ExitTimesExperiment.Outcome> e = pt.result().engines();
                EngineKind engine = e.containsKey(EngineKind.CHAIN) ? EngineKind.CHAIN
                        : e.containsKey(EngineKind.SGD) ? EngineKind.SGD : e.keySet().iterator().next();
                engineShown = engine;
                ExitStatistics s = e.get(engine).statistics();
                double ode = pt.result().odeExit();
                v.add(new double[] {pt.p(), s.mean() / ode, s.ci95Mean()[0] / ode, s.ci95Mean()[1] / ode});
            }
            series.add(new Figures.Points("d = " + d, col(v, 0), col(v, 1), col(v, 2), col(v, 3)));
        }
        double pMin = points.stream().mapToInt(Point::p).min().orElse(1);
        double pMax = points.stream().mapToInt(Point::p).max().orElse(1);
        Map<String, Figures.Curve> lines = new LinkedHashMap<>();
        lines.put("ratio 1", new Figures.Curve(new double[] {pMin, pMax}, new double[] {1, 1}));
        Figures.keep(dir.resolve("sweep_p.png"), new Figure.PointsPlot("Mean t_exit(" + engineShown + ") / t_exit(ODE, "
                + "same start) against width p (" + rateText + "; bars: 95 % CI)", pMax / pMin > 20
                ? "p (hidden units), log scale" : "p (hidden units)", "ratio of mean exit times", series, lines,
                pMax / pMin > 20), size);
    }

    private static void writeCsv(List<Point> points, Path file) {
        List<List<String>> rows = new ArrayList<>();
        for (Point pt : points) {
            Comparison.Result r = pt.result();
            Theory.Prediction t = r.theory();
            double ode = r.odeExit();
            for (Map.Entry<EngineKind, ExitTimesExperiment.Outcome> e : r.engines().entrySet()) {
                ExitStatistics s = e.getValue().statistics();
                rows.add(List.of(Integer.toString(pt.d()), Integer.toString(pt.p()), num(pt.gamma()), num(pt.gamma() / pt.p()),
                        pt.regime().label(), e.getKey().label(), Integer.toString(s.n()), Integer.toString(s.escaped()), num(s.mean()),
                        num(s.ci95Mean()[0]), num(s.ci95Mean()[1]), num(s.sd()), num(s.median()), num(ode),
                        num(s.mean() / ode), num(s.ci95Mean()[0] / ode), num(s.ci95Mean()[1] / ode),
                        t == null ? "" : num(t.leading()), t == null ? "" : num(t.effMean()),
                        r.trial().time().definition().replace(',', ';')));
            }
        }
        CsvTable.write(file, COLUMNS, rows);
    }

    /** A CSV cell: the shortest exact decimal, empty when not finite (pandas reads it as NaN). */
    private static String num(double x) {
        return Double.isFinite(x) ? Double.toString(x) : "";
    }

    private static double[] col(List<double[]> rows, int c) {
        return rows.stream().mapToDouble(r -> r[c]).toArray();
    }
}

package dev.overlap.report;

import dev.overlap.experiment.SampleComplexity;
import dev.overlap.experiment.SampleComplexity.Point;
import dev.overlap.experiment.SampleComplexity.Result;
import dev.overlap.io.CsvTable;
import dev.overlap.io.Json;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.modelfile.ModelWriter;
import dev.overlap.stats.CensoredMedian;
import dev.overlap.stats.LineFit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The files of a {@code sample-complexity} run: table, summary, figure and report. */
public final class SampleComplexityReport {
    private SampleComplexityReport() {
    }

    /** sample_complexity.csv, summary.json, samples_over_d.png and report.md; returns the Markdown. */
    public static String write(Result r, Path dir, FigureSize size) {
        List<List<String>> rows = new ArrayList<>();
        for (Point p : r.points()) {
            ModelSpec m = p.model();
            CensoredMedian med = p.median();
            rows.add(List.of(Integer.toString(p.d()), Integer.toString(m.student().p()), Integer.toString(m.training().batch()),
                    text(m.training().learningRate()), text(m.initial().scale()), Integer.toString(med.n()),
                    Integer.toString(med.censored()), text(med.median()), text(med.lower()), text(med.upper()),
                    text(med.median() / p.d()), text(p.wallSeconds())));
        }
        CsvTable.write(dir.resolve("sample_complexity.csv"), List.of("d", "p", "batch", "learning_rate", "theta", "seeds",
                "censored", "median_samples", "ci95_lo", "ci95_hi", "median_samples_over_d", "wall_seconds"), rows);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("engine", r.engine().label());
        summary.put("epsilon", r.epsilon());
        summary.put("samples", "n = steps*batch at the first step where the test error is <= epsilon (interpolated); "
                + "censored replicas (epsilon not reached before t-max) count as +infinity in the median");
        List<Object> per = new ArrayList<>();
        for (Point p : r.points()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("d", p.d());
            e.put("model", ModelWriter.toTree(p.model()));
            e.put("medianSamples", num(p.median().median()));
            e.put("ci95", java.util.Arrays.asList(num(p.median().lower()), num(p.median().upper())));
            e.put("censored", p.median().censored());
            e.put("samples", java.util.Arrays.stream(p.samples()).mapToObj(SampleComplexityReport::num).toList());
            per.add(e);
        }
        summary.put("dimensions", per);
        summary.put("fitLogLog", fit(r.logLog()));
        summary.put("fitPolylog", fit(r.polylog()));
        summary.put("program", dev.overlap.io.BuildInfo.stamp()); // every summary.json says what wrote it
        Json.write(dir.resolve("summary.json"), summary);

        List<Point> ok = SampleComplexity.finite(r.points());
        double[] d = ok.stream().mapToDouble(Point::d).toArray();
        double[] y = ok.stream().mapToDouble(p -> p.median().median() / p.d()).toArray();
        double[] lower = ok.stream().mapToDouble(p -> p.median().lower() / p.d()).toArray();
        double[] upper = ok.stream().mapToDouble(p -> p.median().upper() / p.d()).toArray(); // +inf: open above
        Map<String, Figures.Curve> lines = new LinkedHashMap<>();
        LineFit c = r.polylog();
        if (ok.size() >= 2 && Double.isFinite(c.slope())) {
            double[] fx = new double[50];
            double[] fy = new double[50];
            for (int i = 0; i < fx.length; i++) {
                fx[i] = d[0] * Math.pow(d[d.length - 1] / d[0], i / (fx.length - 1.0));
                fy[i] = Math.exp(c.intercept()) * Math.pow(Math.log(fx[i]), c.slope());
            }
            lines.put(String.format("fit n/d = %.3g log^%.2f d%s", Math.exp(c.intercept()), c.slope(),
                    c.n() < 3 ? " (through " + c.n() + " points: no CI)" : ""), new Figures.Curve(fx, fy));
        }
        if (ok.isEmpty()) {
            return markdown(r, false); // no dimension reached ε: nothing to draw (XChart needs points), the table says so
        }
        Figures.keep(dir.resolve("samples_over_d.png"), new Figure.PointsPlot("Samples to test error " + r.epsilon()
                + " per dimension (" + r.engine() + ", median and 95% CI)", "d (input dimension), log scale",
                "n / d (samples per input dimension)", List.of(new Figures.Points(r.engine().label(), d, y, lower, upper)),
                lines, true), size);
        return markdown(r, true);
    }

    private static String markdown(Result r, boolean figure) {
        StringBuilder md = new StringBuilder("# overlap sample-complexity\n\n");
        md.append(String.format("Engine %s; n = samples (steps x batch) to reach test error <= %s, median over replicas "
                + "with a 95 %% bootstrap CI (censored replicas count as +infinity).%n%n", r.engine(), r.epsilon()));
        md.append("| d | p | batch | eta | theta | replicas | censored | median n [95 % CI] | n / d |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Point p : r.points()) {
            ModelSpec m = p.model();
            CensoredMedian c = p.median();
            md.append(String.format("| %d | %d | %d | %.4g | %.4g | %d | %d | %.4g [%.4g, %.4g] | %.4g |%n", p.d(),
                    m.student().p(), m.training().batch(), m.training().learningRate(), m.initial().scale(), c.n(),
                    c.censored(), c.median(), c.lower(), c.upper(), c.median() / p.d()));
        }
        LineFit a = r.logLog();
        LineFit c = r.polylog();
        md.append(String.format("%nFit log n = a + s log d: s = %.3f %s (R^2 = %.4f, %d dimensions).%n%n",
                a.slope(), interval(a), a.rSquared(), a.n()));
        md.append(String.format("Fit n = C d log^c d: c = %.3f %s, C = %.4g.%n%n", c.slope(), interval(c),
                Math.exp(c.intercept())));
        md.append(figure ? "![n/d against d](samples_over_d.png)\n" : "No dimension reached epsilon: no figure.\n");
        return md.toString();
    }

    /** The slope's 95 % CI, or why there is none: a line has two parameters, so its CI needs at least three points. */
    private static String interval(LineFit f) {
        return f.n() >= 3 ? String.format("[95 %% CI %.3f, %.3f]", f.slopeLower(), f.slopeUpper())
                : "(no CI: " + f.n() + " points for a line's 2 parameters; at least 3 are needed)";
    }

    private static Map<String, Object> fit(LineFit f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("slope", num(f.slope()));
        m.put("ci95", java.util.Arrays.asList(num(f.slopeLower()), num(f.slopeUpper())));
        m.put("intercept", num(f.intercept()));
        m.put("rSquared", num(f.rSquared()));
        m.put("points", f.n());
        return m;
    }

    private static String text(double x) {
        return Double.toString(x);
    }

    private static Double num(double x) {
        return Double.isFinite(x) ? x : null;
    }
}

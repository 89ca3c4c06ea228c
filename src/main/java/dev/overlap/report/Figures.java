package dev.overlap.report;

import dev.overlap.engine.EngineKind;
import dev.overlap.io.AtomicFiles;
import dev.overlap.io.CorruptFileException;
import dev.overlap.io.Json;
import dev.overlap.io.StrictJson;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The figures of every command, built as XChart charts from a {@link Figure} and written as PNG (XChart's, at the
 * screen size) or SVG, PDF and print-size PNG ({@link VectorChart}, text as text), at a {@link FigureSize}. Each is
 * readable on its own: a title, axis titles with units, a legend. Written atomically.
 */
public final class Figures {
    /** The end of an ECDF series' name that marks a computed law, drawn from its quantiles, rather than a sample. */
    public static final String EXACT = "(exact)";

    /** A series' legend: its name and sample size, except a computed law's (drawn from its quantiles, no sample). */
    private static String sampleLabel(String name, int n) {
        return name.endsWith(EXACT) ? name : name + " (n = " + n + ")";
    }

    /** One colour per engine, in EngineKind order, distinguishable in print. */
    private static final Map<String, Color> ENGINE_COLOURS = Map.of(
            EngineKind.SGD.label(), new Color(31, 119, 180),
            EngineKind.CHAIN.label(), new Color(44, 160, 44),
            EngineKind.SDE.label(), new Color(255, 127, 14),
            EngineKind.ODE.label(), Color.BLACK,
            "theory", new Color(214, 39, 40));
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75)};

    /** Reference lines: theory red, then purple, then grey. */
    private static final Color[] LINE_PALETTE = {new Color(214, 39, 40), new Color(148, 103, 189), Color.GRAY};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Figures() {
    }

    /** A curve: x and y values of equal length. */
    public record Curve(double[] x, double[] y) {
        public Curve {
            if (x == null || y == null || x.length != y.length) {
                throw new IllegalArgumentException(x == null || y == null ? "a curve's x or y is missing"
                        : "a curve has " + x.length + " x and " + y.length + " y values");
            }
        }

        /** Column {@code x} of the rows against column {@code y}. */
        public static Curve of(List<double[]> rows, int x, int y) {
            double[] xs = new double[rows.size()];
            double[] ys = new double[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                xs[i] = rows.get(i)[x];
                ys[i] = rows.get(i)[y];
            }
            return new Curve(xs, ys);
        }
    }

    /**
     * A series with an interval at each point, drawn as computed (asymmetric where it is): {@code lower} and
     * {@code upper} are the interval's ends; a non-finite end draws no bar on that side.
     */
    public record Points(String label, double[] x, double[] y, double[] lower, double[] upper) {
        public Points {
            if (label == null || x == null || y == null || lower == null || upper == null) {
                throw new IllegalArgumentException("a series' label, x, y, lower or upper is missing");
            }
            if (y.length != x.length || lower.length != x.length || upper.length != x.length) {
                throw new IllegalArgumentException("series " + label + " has " + x.length + " x, " + y.length + " y, "
                        + lower.length + " lower and " + upper.length + " upper values");
            }
        }

        /** Symmetric bars of half-width {@code error} (0: none). */
        public Points(String label, double[] x, double[] y, double[] error) {
            this(label, x, y, shift(y, error, -1), shift(y, error, 1));
        }

        private static double[] shift(double[] y, double[] error, int sign) {
            double[] out = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                out[i] = y[i] + sign * error[i];
            }
            return out;
        }
    }

    /** The suffix of a kept figure's data file: {@code risk.png} keeps {@code risk.figure.json}. */
    public static final String DATA_SUFFIX = ".figure.json";

    /** Renders a figure in the format its file name ends with (.png, .svg or .pdf), at the screen size. */
    public static void draw(Path file, Figure figure) {
        draw(file, figure, FigureSize.SCREEN);
    }

    /** Renders a figure in the format its file name ends with (.png, .svg or .pdf), at {@code size}. */
    public static void draw(Path file, Figure figure, FigureSize size) {
        XYChart chart;
        if (figure instanceof Figure.PointsPlot f) {
            chart = chart(f, size);
        } else if (figure instanceof Figure.EcdfPlot f) {
            chart = chart(f, size);
        } else if (figure instanceof Figure.CurvesPlot f) {
            chart = chart(f, size);
        } else {
            chart = chart((Figure.HistogramPlot) figure, size); // Figure is sealed: the last kind
        }
        save(file, chart, size);
    }

    /** Saves the figure's data next to it ({@value #DATA_SUFFIX}), then draws it from that saved data. */
    public static void keep(Path file, Figure figure) {
        keep(file, figure, FigureSize.SCREEN);
    }

    /** As {@link #keep(Path, Figure)}, drawn at {@code size}. */
    public static void keep(Path file, Figure figure, FigureSize size) {
        Path data = dataFile(file);
        Json.write(data, figure);
        draw(file, read(data), size);
    }

    /** The figure saved in a {@value #DATA_SUFFIX} file, checked field by field ({@link CorruptFileException}). */
    public static Figure read(Path data) {
        return StrictJson.read(data, Figure.class);
    }

    /** Redraws every figure kept under {@code dir} (any depth) in the given format and size; returns the files written. */
    public static List<Path> redrawKept(Path dir, String extension, FigureSize size) {
        List<Path> written = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
            // every saved figure is read (and checked) before the first is drawn: a corrupt one redraws nothing
            Map<Path, Figure> figures = new java.util.LinkedHashMap<>();
            for (Path data : files.filter(f -> f.getFileName().toString().endsWith(DATA_SUFFIX)).sorted().toList()) {
                String name = data.getFileName().toString();
                figures.put(data.resolveSibling(name.substring(0, name.length() - DATA_SUFFIX.length()) + "." + extension),
                        read(data));
            }
            figures.forEach((out, figure) -> {
                draw(out, figure, size);
                written.add(out);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return written;
    }

    private static Path dataFile(Path figure) {
        String name = figure.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return figure.resolveSibling((dot < 0 ? name : name.substring(0, dot)) + DATA_SUFFIX);
    }

    public static Color colour(String engine) {
        return ENGINE_COLOURS.getOrDefault(engine.startsWith("theory") ? "theory" : engine, Color.GRAY);
    }

    private static XYChart chart(Figure.CurvesPlot f, FigureSize size) {
        String title = f.title();
        String timeAxis = f.timeAxis();
        String valueAxis = f.valueAxis();
        Map<String, List<Curve>> replicas = f.replicas();
        Curve deterministic = f.deterministic();
        double tMin = f.tMin();
        boolean logLog = f.logLog();
        XYChart chart = chart(title, timeAxis, valueAxis, size);
        chart.getStyler().setXAxisLogarithmic(logLog);
        chart.getStyler().setYAxisLogarithmic(logLog);
        if (logLog && deterministic != null) {
            labelShortLogAxis(chart, kept(deterministic, tMin, true).x());
        }
        // Engines with many replicas first and fainter, so a few costly sgd replicas stay visible on top.
        List<Map.Entry<String, List<Curve>>> order = new java.util.ArrayList<>(replicas.entrySet());
        order.sort((x, y) -> Integer.compare(y.getValue().size(), x.getValue().size()));
        for (Map.Entry<String, List<Curve>> e : order) {
            Color c = colour(e.getKey());
            int alpha = Math.max(25, Math.min(160, 4000 / Math.max(1, e.getValue().size())));
            Color thin = new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
            int i = 0;
            for (Curve curve : e.getValue()) {
                Curve kept = kept(curve, tMin, logLog);
                if (kept.x().length < 2) {
                    continue;
                }
                XYSeries s = chart.addSeries(e.getKey() + " #" + i, kept.x(), kept.y());
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(i == 0 ? c : thin);
                s.setLineStyle(new BasicStroke(i == 0 ? 1.2f : 0.8f));
                s.setLabel(e.getKey() + " (" + e.getValue().size() + " replicas)");
                s.setShowInLegend(i == 0);
                i++;
            }
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (List<Curve> list : replicas.values()) {
            for (Curve curve : list) {
                for (double y : kept(curve, tMin, logLog).y()) {
                    lo = Math.min(lo, y);
                    hi = Math.max(hi, y);
                }
            }
        }
        if (deterministic != null) {
            Curve kept = kept(deterministic, tMin, logLog);
            XYSeries s = chart.addSeries(EngineKind.ODE.label(), kept.x(), kept.y());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(colour(EngineKind.ODE.label()));
            s.setLineStyle(new BasicStroke(3f));
            for (double y : kept.y()) {
                lo = Math.min(lo, y);
                hi = Math.max(hi, y);
            }
        }
        if (lo < hi) { // the exits across the whole plot: a 1 % drop cannot be seen on the curves themselves
            verticals(chart, f.verticals(), lo, hi);
        }
        return chart;
    }

    private static XYChart chart(Figure.EcdfPlot f, FigureSize size) {
        Map<String, double[]> samples = f.samples();
        XYChart chart = chart(f.title(), f.timeAxis(), "fraction of replicas exited (ECDF)", size);
        for (Map.Entry<String, double[]> e : samples.entrySet()) {
            double[] x = Arrays.stream(e.getValue()).filter(Double::isFinite).sorted().toArray();
            if (x.length == 0) {
                continue;
            }
            double[] sx = new double[2 * x.length];
            double[] sy = new double[2 * x.length];
            int n = e.getValue().length;
            for (int i = 0; i < x.length; i++) {
                sx[2 * i] = x[i];
                sy[2 * i] = (double) i / n;
                sx[2 * i + 1] = x[i];
                sy[2 * i + 1] = (double) (i + 1) / n;
            }
            XYSeries s = chart.addSeries(sampleLabel(e.getKey(), n), sx, sy);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(colour(e.getKey()));
        }
        verticals(chart, f.verticals(), 0, 1);
        return chart;
    }

    private static XYChart chart(Figure.HistogramPlot f, FigureSize size) {
        Map<String, double[]> samples = f.samples();
        int bins = f.bins();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] v : samples.values()) {
            for (double x : v) {
                if (Double.isFinite(x)) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
            }
        }
        XYChart chart = chart(f.title(), f.timeAxis(), "density (1/time unit)", size);
        double top = 0;
        if (lo < hi) {
            double w = (hi - lo) / bins;
            for (Map.Entry<String, double[]> e : samples.entrySet()) {
                double[] count = new double[bins];
                int n = e.getValue().length;
                for (double x : e.getValue()) {
                    if (Double.isFinite(x)) {
                        count[Math.min(bins - 1, (int) ((x - lo) / w))]++;
                    }
                }
                double[] sx = new double[2 * bins + 2];
                double[] sy = new double[2 * bins + 2];
                sx[0] = lo;
                for (int b = 0; b < bins; b++) {
                    double dens = count[b] / (n * w);
                    top = Math.max(top, dens);
                    sx[2 * b + 1] = lo + b * w;
                    sy[2 * b + 1] = dens;
                    sx[2 * b + 2] = lo + (b + 1) * w;
                    sy[2 * b + 2] = dens;
                }
                sx[2 * bins + 1] = hi;
                XYSeries s = chart.addSeries(sampleLabel(e.getKey(), n), sx, sy);
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(colour(e.getKey()));
            }
        }
        verticals(chart, f.verticals(), 0, top > 0 ? top : 1);
        return chart;
    }

    private static XYChart chart(Figure.PointsPlot f, FigureSize size) {
        List<Points> series = f.series();
        Map<String, Curve> lines = f.lines();
        boolean logX = f.logX();
        XYChart chart = chart(f.title(), f.xAxis(), f.yAxis(), size);
        chart.getStyler().setXAxisLogarithmic(logX);
        if (logX) {
            labelShortLogAxis(chart, series.stream().map(Points::x).toArray(double[][]::new));
        }
        int i = 0;
        for (Points p : series) {
            double[] x = sideBySide(p.x(), i, series.size(), logX);
            XYSeries s = chart.addSeries(p.label(), x, p.y());
            Color c = ENGINE_COLOURS.getOrDefault(p.label(), PALETTE[i % PALETTE.length]);
            s.setLineColor(c);
            s.setMarkerColor(c);
            s.setMarker(SeriesMarkers.CIRCLE);
            for (int j = 0; j < p.x().length; j++) {
                double lo = Double.isFinite(p.lower()[j]) ? p.lower()[j] : p.y()[j];
                double hi = Double.isFinite(p.upper()[j]) ? p.upper()[j] : p.y()[j];
                if (hi > lo) {
                    XYSeries bar = chart.addSeries(p.label() + " interval " + j, new double[] {x[j], x[j]},
                            new double[] {lo, hi});
                    bar.setMarker(SeriesMarkers.NONE);
                    bar.setLineColor(c);
                    bar.setLineStyle(new BasicStroke(1.5f));
                    bar.setShowInLegend(false);
                }
            }
            i++;
        }
        int line = 0;
        for (Map.Entry<String, Curve> e : lines.entrySet()) {
            XYSeries s = chart.addSeries(e.getKey(), e.getValue().x(), e.getValue().y());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(LINE_PALETTE[line++ % LINE_PALETTE.length]);
            s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        }
        return chart;
    }

    /**
     * Series {@code i} of {@code n} drawn beside the others at the same x, so that no error bar hides another: ±1.5 %
     * per series on a log axis, the same fraction of the x range on a linear one. Only the drawing moves; the saved
     * figure keeps the true x.
     */
    private static double[] sideBySide(double[] x, int i, int n, boolean logX) {
        if (n < 2) {
            return x;
        }
        double shift = (i - (n - 1) / 2.0) * 0.015;
        double span = java.util.Arrays.stream(x).filter(Double::isFinite).max().orElse(0)
                - java.util.Arrays.stream(x).filter(Double::isFinite).min().orElse(0);
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            out[j] = logX ? x[j] * Math.exp(shift) : x[j] + shift * span;
        }
        return out;
    }

    private static XYChart chart(String title, String xAxis, String yAxis, FigureSize size) {
        XYChart chart = new XYChartBuilder().width(size.pixelWidth()).height(size.pixelHeight()).title(title)
                .xAxisTitle(xAxis).yAxisTitle(yAxis).build();
        XYStyler style = chart.getStyler();
        // beside the plot: a legend never covers the curves it names, and its entries never clip
        style.setLegendPosition(Styler.LegendPosition.OutsideE);
        style.setLegendLayout(Styler.LegendLayout.Vertical);
        style.setChartBackgroundColor(Color.WHITE);
        style.setPlotGridLinesVisible(true);
        style.setPlotGridLinesColor(new Color(225, 225, 225)); // light and thin: the data, not the grid, stands out
        style.setPlotGridLinesStroke(new BasicStroke(0.5f));
        style.setErrorBarsColorSeriesColor(true);
        return chart;
    }

    /**
     * On a log x axis spanning less than a decade, label the ticks within it too: a d = 100..400 sweep has no decade
     * inside it. Longer axes keep decade labels, whose in-between ticks would otherwise collide ("0.70.80.9 1").
     */
    private static void labelShortLogAxis(XYChart chart, double[]... xs) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double[] x : xs) {
            for (double v : x) {
                if (v > 0 && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        chart.getStyler().setXAxisLogarithmicDecadeOnly(!(hi / lo < 10));
    }

    private static void verticals(XYChart chart, Map<String, Double> verticals, double y0, double y1) {
        for (Map.Entry<String, Double> v : verticals.entrySet()) {
            if (!Double.isFinite(v.getValue())) {
                continue;
            }
            XYSeries s = chart.addSeries(v.getKey(), new double[] {v.getValue(), v.getValue()}, new double[] {y0, y1});
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(colour(v.getKey().startsWith("theory") ? "theory" : v.getKey().split("[ :]")[0]));
            s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        }
    }

    /** The points a plot can show: t ≥ tMin and finite, and both positive on log axes. */
    private static Curve kept(Curve c, double tMin, boolean log) {
        java.util.function.IntPredicate ok = i -> c.x()[i] >= tMin && Double.isFinite(c.y()[i])
                && (!log || c.x()[i] > 0 && c.y()[i] > 0);
        int n = 0;
        for (int i = 0; i < c.x().length; i++) {
            n += ok.test(i) ? 1 : 0;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        int j = 0;
        for (int i = 0; i < c.x().length; i++) {
            if (ok.test(i)) {
                x[j] = c.x()[i];
                y[j] = c.y()[i];
                j++;
            }
        }
        return new Curve(x, y);
    }

    /**
     * Writes the chart in the format its file name ends with: a screen-sized .png by XChart; .svg, .pdf and a .png at
     * a print size by {@link VectorChart} (text as text, curves decimated to the page; the print PNG is its PDF
     * rasterised at {@value FigureSize#PRINT_PPI} pixels per inch, so all three formats share one layout).
     */
    private static void save(Path file, XYChart chart, FigureSize size) {
        String name = file.getFileName().toString();
        try {
            if (name.endsWith(".svg")) {
                AtomicFiles.writeBytes(file, VectorChart.svg(chart, size));
            } else if (name.endsWith(".pdf")) {
                AtomicFiles.writeBytes(file, VectorChart.pdf(chart, size));
            } else if (size.screen()) {
                AtomicFiles.writeBytes(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
            } else {
                AtomicFiles.writeBytes(file, VectorChart.png(chart, size));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + file + ": " + e.getMessage(), e);
        }
    }
}

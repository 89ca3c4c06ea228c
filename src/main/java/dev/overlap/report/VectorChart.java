package dev.overlap.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.None;

/**
 * Draws a figure's XChart model — its series with their colours, strokes and markers, its titles and log axes — as
 * an SVG or PDF with real text: XChart's own vector encoders outline every glyph, so labels could be neither edited
 * nor searched. The page and fonts follow a {@link FigureSize}; each curve is decimated to what the page resolves
 * ({@link #curve}), so a figure of many long replica curves stays small. The PNG is still drawn by XChart from the
 * same model.
 */
final class VectorChart {
    /** Width in points of the columns a curve is decimated by (144 per inch). */
    static final double RESOLUTION = 0.5;
    private static final Color TEXT = new Color(30, 30, 30);
    private static final Color GRID = new Color(225, 225, 225);
    private static final Color FRAME = new Color(110, 110, 110);
    /** XChart's strokes are pixels of an 1100-pixel-wide figure at 96 per inch: 0.75 pt each. */
    private static final double POINTS_PER_PIXEL = 0.75;

    private final XYChart chart;
    private final FigureSize size;
    private final Canvas canvas;
    private final FigureFont font = FigureFont.get();
    private final double body;
    private final double pad;
    private final double lineScale;

    private VectorChart(XYChart chart, FigureSize size, Canvas canvas) {
        this.chart = chart;
        this.size = size;
        this.canvas = canvas;
        this.body = size.bodyPoints();
        this.pad = 0.6 * body;
        // thinner lines on a small page, as the fonts are relatively larger there
        this.lineScale = POINTS_PER_PIXEL * Math.max(0.6, Math.min(1, size.width() / FigureSize.SCREEN.width()));
    }

    static byte[] svg(XYChart chart, FigureSize size) {
        return new VectorChart(chart, size, new SvgCanvas(size.widthPoints(), size.heightPoints())).draw();
    }

    static byte[] pdf(XYChart chart, FigureSize size) {
        return new VectorChart(chart, size, new PdfCanvas(size.widthPoints(), size.heightPoints())).draw();
    }

    /** The PDF rasterised at the size's resolution (PDFBox's renderer), as PNG bytes. */
    static byte[] png(XYChart chart, FigureSize size) throws java.io.IOException {
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf(chart, size))) {
            java.awt.image.BufferedImage image = new org.apache.pdfbox.rendering.PDFRenderer(doc)
                    .renderImageWithDPI(0, (float) size.pixelsPerInch(), org.apache.pdfbox.rendering.ImageType.RGB);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", out);
            return out.toByteArray();
        }
    }

    /** A legend entry: the series' label, line and marker. */
    private record Entry(List<String> lines, Color colour, double width, float[] dash, boolean marker, double textWidth) {
    }

    private byte[] draw() {
        double w = size.widthPoints();
        double h = size.heightPoints();
        List<XYSeries> series = new ArrayList<>(chart.getSeriesMap().values());
        boolean logX = chart.getStyler().isXAxisLogarithmic();
        boolean logY = chart.getStyler().isYAxisLogarithmic();
        double[] xr = range(series, true, logX);
        double[] yr = range(series, false, logY);

        double titleSize = size.titlePoints();
        double axisSize = size.axisPoints();
        List<String> title = wrap(chart.getTitle(), w - 2 * pad, titleSize);

        // the legend: beside the plot when the page is wide, else in rows below it
        boolean beside = size.legendBeside();
        double sample = 2.2 * body;
        double legendWidth = 0;
        List<Entry> entries = new ArrayList<>();
        double besideText = 0.34 * w - sample - 0.5 * body;
        for (XYSeries s : series) {
            if (s.isShowInLegend() && s.getLabel() != null) {
                List<String> lines = beside ? wrap(s.getLabel(), besideText, body) : List.of(s.getLabel());
                double tw = lines.stream().mapToDouble(l -> font.width(l, body)).max().orElse(0);
                BasicStroke stroke = s.getLineStyle();
                entries.add(new Entry(lines, s.getLineColor() == null ? TEXT : s.getLineColor(),
                        stroke == null ? 1 : stroke.getLineWidth() * lineScale, dash(stroke),
                        !(s.getMarker() == null || s.getMarker() instanceof None), tw));
                legendWidth = beside ? Math.max(legendWidth, sample + 0.4 * body + tw) : 0;
            }
        }

        double top = pad + title.size() * 1.2 * titleSize + 0.4 * body;
        double right = w - pad - (beside && !entries.isEmpty() ? legendWidth + body : 0);
        double lineHeight = 1.25 * body;
        // rows of the legend below the plot, packed left to right
        List<List<Entry>> rows = new ArrayList<>();
        if (!beside) {
            double rowWidth = 0;
            for (Entry e : entries) {
                double ew = sample + 0.4 * body + e.textWidth() + body;
                if (rows.isEmpty() || rowWidth + ew > w - 2 * pad) {
                    rows.add(new ArrayList<>());
                    rowWidth = 0;
                }
                rows.get(rows.size() - 1).add(e);
                rowWidth += ew;
            }
        }
        double legendBelow = rows.size() * lineHeight;
        // axis titles wrap rather than run past the plot (the x title to the page less a typical left margin)
        List<String> xTitle = wrap(chart.getXAxisTitle(), right - pad - 6 * body, axisSize);
        double bottom = h - pad - legendBelow - (rows.isEmpty() ? 0 : 0.4 * body) - xTitle.size() * axisSize * 1.2
                - 0.3 * body - body * 1.2 - 0.3 * body;
        List<String> yTitle = wrap(chart.getYAxisTitle(), bottom - top, axisSize);
        int xTarget = (int) Math.max(3, Math.min(10, (right - pad - 6 * body) / (5 * body)));
        Ticks xt = logX ? Ticks.log(xr[0], xr[1]) : Ticks.linear(xr[0], xr[1], xTarget);
        Ticks yt = logY ? Ticks.log(yr[0], yr[1]) : Ticks.linear(yr[0], yr[1],
                (int) Math.max(3, Math.min(8, (bottom - top) / (3 * body))));
        double yLabels = yt.labels().stream().mapToDouble(l -> font.width(l, body)).max().orElse(0);
        double left = pad + yTitle.size() * axisSize * 1.2 + 0.3 * body + yLabels + 0.4 * body;
        double pw = right - left;
        double ph = bottom - top;
        Axis x = new Axis(xr[0], xr[1], logX, left, left + pw);
        Axis y = new Axis(yr[0], yr[1], logY, bottom, top);

        canvas.rectangle(0, 0, w, h, Color.WHITE);
        for (int i = 0; i < title.size(); i++) {
            canvas.text(w / 2, pad + (i + 0.9) * 1.2 * titleSize, title.get(i), titleSize, Canvas.Anchor.MIDDLE, false, TEXT);
        }
        double grid = 0.4 * lineScale / POINTS_PER_PIXEL;
        double tick = 0.35 * body;
        for (int i = 0; i < xt.values().length; i++) {
            double px = x.map(xt.values()[i]);
            canvas.polyline(new double[] {px, px}, new double[] {top, bottom}, 2, GRID, grid, null);
            canvas.polyline(new double[] {px, px}, new double[] {bottom, bottom + tick}, 2, FRAME, grid, null);
            canvas.text(px, bottom + tick + body, xt.labels().get(i), body, Canvas.Anchor.MIDDLE, false, TEXT);
        }
        for (int i = 0; i < yt.values().length; i++) {
            double py = y.map(yt.values()[i]);
            canvas.polyline(new double[] {left, right}, new double[] {py, py}, 2, GRID, grid, null);
            canvas.polyline(new double[] {left - tick, left}, new double[] {py, py}, 2, FRAME, grid, null);
            canvas.text(left - tick - 0.2 * body, py + 0.35 * body, yt.labels().get(i), body, Canvas.Anchor.END, false, TEXT);
        }
        for (int i = 0; i < xTitle.size(); i++) {
            canvas.text(left + pw / 2, bottom + tick + body * 1.2 + 0.3 * body + axisSize * (1 + 1.2 * i), xTitle.get(i),
                    axisSize, Canvas.Anchor.MIDDLE, false, TEXT);
        }
        for (int i = 0; i < yTitle.size(); i++) {
            canvas.text(pad + axisSize * (1 + 1.2 * i), top + ph / 2, yTitle.get(i), axisSize, Canvas.Anchor.MIDDLE, true,
                    TEXT);
        }

        canvas.clip(left, top, pw, ph);
        for (XYSeries s : series) {
            curve(s, x, y);
        }
        canvas.unclip();
        canvas.polyline(new double[] {left, right, right, left, left}, new double[] {top, top, bottom, bottom, top}, 5,
                FRAME, 1.5 * grid, null);

        if (beside) {
            double ly = top + 0.2 * body;
            for (Entry e : entries) {
                ly = entry(e, right + body, ly, sample, lineHeight);
            }
        } else {
            double ly = h - pad - legendBelow;
            for (List<Entry> row : rows) {
                double lx = pad;
                for (Entry e : row) {
                    entry(e, lx, ly, sample, lineHeight);
                    lx += sample + 0.4 * body + e.textWidth() + body;
                }
                ly += lineHeight;
            }
        }
        return canvas.finish();
    }

    /** Draws a legend entry with its top at y; returns the y below it. */
    private double entry(Entry e, double x, double y, double sample, double lineHeight) {
        double mid = y + 0.5 * lineHeight;
        canvas.polyline(new double[] {x, x + sample}, new double[] {mid, mid}, 2, e.colour(), Math.max(e.width(), 0.8),
                e.dash());
        if (e.marker()) {
            canvas.disc(x + sample / 2, mid, 0.3 * body, e.colour());
        }
        for (String line : e.lines()) {
            canvas.text(x + sample + 0.4 * body, y + 0.5 * lineHeight + 0.35 * body, line, body, Canvas.Anchor.START,
                    false, TEXT);
            y += lineHeight;
        }
        return y;
    }

    /**
     * One series: its line through the finite points (broken at the others) and its markers. The line is decimated
     * by columns {@value #RESOLUTION} pt wide: of the points falling in one column only the first, lowest, highest and
     * last are kept, in their order — the envelope a rasteriser at that resolution would draw, so a noisy curve costs
     * at most four points per column however many it has.
     */
    private void curve(XYSeries s, Axis x, Axis y) {
        double[] xs = s.getXData();
        double[] ys = s.getYData();
        BasicStroke stroke = s.getLineStyle();
        Color colour = s.getLineColor() == null ? TEXT : s.getLineColor();
        double width = stroke == null ? lineScale : stroke.getLineWidth() * lineScale;
        float[] dash = dash(stroke);
        double[] px = new double[xs.length];
        double[] py = new double[xs.length];
        int n = 0;
        int[] column = new int[4]; // first, lowest, highest, last point of the current column
        int columnCount = 0;
        long current = Long.MIN_VALUE;
        for (int i = 0; i <= xs.length; i++) {
            boolean ok = i < xs.length && x.shows(xs[i]) && y.shows(ys[i]);
            long at = ok ? (long) Math.floor(x.map(xs[i]) / RESOLUTION) : Long.MIN_VALUE;
            if (columnCount > 0 && (!ok || at != current)) { // the column is complete: its kept points, in order
                int[] kept = java.util.Arrays.stream(column, 0, columnCount).distinct().sorted().toArray();
                for (int k : kept) {
                    px[n] = x.map(xs[k]);
                    py[n] = y.map(ys[k]);
                    n++;
                }
                columnCount = 0;
            }
            if (!ok) {
                canvas.polyline(px, py, n, colour, width, dash);
                n = 0;
                continue;
            }
            if (columnCount == 0) {
                current = at;
                column[0] = i;
                column[1] = i;
                column[2] = i;
                columnCount = 4;
            }
            // y grows downwards on the page, but the lowest and highest value are the same two points either way
            column[1] = ys[i] < ys[column[1]] ? i : column[1];
            column[2] = ys[i] > ys[column[2]] ? i : column[2];
            column[3] = i;
        }
        if (!(s.getMarker() == null || s.getMarker() instanceof None)) {
            Color fill = s.getMarkerColor() == null ? colour : s.getMarkerColor();
            for (int i = 0; i < xs.length; i++) {
                if (x.shows(xs[i]) && y.shows(ys[i])) {
                    canvas.disc(x.map(xs[i]), y.map(ys[i]), 0.3 * body, fill);
                }
            }
        }
    }

    private float[] dash(BasicStroke stroke) {
        if (stroke == null || stroke.getDashArray() == null) {
            return null;
        }
        float[] d = stroke.getDashArray().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] *= (float) lineScale;
        }
        return d;
    }

    /** The data range of every series along x or y (positive values only on a log axis), a little widened. */
    private static double[] range(List<XYSeries> series, boolean alongX, boolean log) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (XYSeries s : series) {
            for (double v : alongX ? s.getXData() : s.getYData()) {
                if (Double.isFinite(v) && (!log || v > 0)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            return log ? new double[] {1, 10} : new double[] {0, 1};
        }
        if (log) {
            double span = Math.max(Math.log10(hi / lo), 0.1);
            double widen = Math.pow(10, 0.02 * span);
            return new double[] {lo / widen, hi * widen};
        }
        double span = hi > lo ? hi - lo : Math.max(Math.abs(hi), 1) * 0.2;
        return new double[] {lo - 0.03 * span, hi + 0.03 * span};
    }

    /** Greedy word wrap to {@code width} points. */
    private List<String> wrap(String text, double width, double fontSize) {
        List<String> lines = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return lines;
        }
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (line.length() > 0 && font.width(candidate, fontSize) > width) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        lines.add(line.toString());
        return lines;
    }

    /** A data axis mapped onto the page: from lo (at {@code from}) to hi (at {@code to}), linearly or in log10. */
    private record Axis(double lo, double hi, boolean log, double from, double to) {
        double map(double v) {
            double f = log ? Math.log10(v / lo) / Math.log10(hi / lo) : (v - lo) / (hi - lo);
            return from + f * (to - from);
        }

        /** Finite, and positive on a log axis. */
        boolean shows(double v) {
            return Double.isFinite(v) && (!log || v > 0);
        }
    }
}

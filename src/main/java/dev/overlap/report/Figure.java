package dev.overlap.report;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;

/**
 * What a figure shows, apart from its format: the data and the labels. {@link Figures#draw} renders one
 * as PNG, SVG or PDF; {@link Figures#keep} also saves it as {@code <name>.figure.json}, from which
 * {@code overlap plot} redraws it without the run that made it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Figure.PointsPlot.class, name = "points"),
    @JsonSubTypes.Type(value = Figure.EcdfPlot.class, name = "ecdf"),
    @JsonSubTypes.Type(value = Figure.CurvesPlot.class, name = "curves"),
    @JsonSubTypes.Type(value = Figure.HistogramPlot.class, name = "histogram")})
public sealed interface Figure {
    String title();

    /** Points with intervals, one series per label, and reference lines; {@code logX}: log x axis. */
    record PointsPlot(String title, String xAxis, String yAxis, List<Figures.Points> series,
                      Map<String, Figures.Curve> lines, boolean logX) implements Figure {
        public PointsPlot {
            require(title, "title", xAxis, "xAxis", yAxis, "yAxis", series, "series", lines, "lines");
            series.forEach(s -> require(s, "series[]"));
            lines.values().forEach(c -> require(c, "lines{}"));
        }
    }

    /** Empirical CDFs of exit times (non-finite: not exited) with labelled vertical lines. */
    record EcdfPlot(String title, String timeAxis, Map<String, double[]> samples, Map<String, Double> verticals)
            implements Figure {
        public EcdfPlot {
            require(title, "title", timeAxis, "timeAxis", samples, "samples", verticals, "verticals");
            samples.values().forEach(v -> require(v, "samples{}"));
            verticals.values().forEach(v -> require(v, "verticals{}"));
        }
    }

    /**
     * Every replica's curve of each engine thin and translucent, a deterministic one thick; points before
     * {@code tMin} are not shown; {@code logLog}: both axes logarithmic; {@code verticals}: labelled times marked
     * across the plot (the exit times), each in the colour of the engine its label starts with (absent: none).
     */
    record CurvesPlot(String title, String timeAxis, String valueAxis, Map<String, List<Figures.Curve>> replicas,
                      Figures.Curve deterministic, double tMin, boolean logLog, Map<String, Double> verticals)
            implements Figure {
        public CurvesPlot {
            require(title, "title", timeAxis, "timeAxis", valueAxis, "valueAxis", replicas, "replicas");
            replicas.values().forEach(list -> {
                require(list, "replicas{}");
                list.forEach(c -> require(c, "replicas{}[]"));
            });
            verticals = verticals == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(verticals));
            verticals.values().forEach(v -> require(v, "verticals{}"));
        }

        /** Risk against time on log–log axes, with the exit times marked. */
        public static CurvesPlot logLog(String title, String timeAxis, String valueAxis,
                                        Map<String, List<Figures.Curve>> replicas, Figures.Curve deterministic, double tMin,
                                        Map<String, Double> verticals) {
            return new CurvesPlot(title, timeAxis, valueAxis, replicas, deterministic, tMin, true, verticals);
        }
    }

    /** Density outlines of exit times on common bins, with vertical lines. */
    record HistogramPlot(String title, String timeAxis, Map<String, double[]> samples, Map<String, Double> verticals,
                         int bins) implements Figure {
        public HistogramPlot {
            require(title, "title", timeAxis, "timeAxis", samples, "samples", verticals, "verticals");
            samples.values().forEach(v -> require(v, "samples{}"));
            verticals.values().forEach(v -> require(v, "verticals{}"));
            if (bins < 1) {
                throw new IllegalArgumentException("bins must be at least 1, not " + bins);
            }
        }
    }

    /**
     * Refuses a figure read back with a field missing (null): pairs of (value, field name). A figure's data
     * is checked where it is made, so a saved figure edited by hand fails here, by field, not while drawing.
     */
    private static void require(Object... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i] == null) {
                throw new IllegalArgumentException("field " + (pairs.length == 1 ? "value" : pairs[i + 1]) + " is missing");
            }
        }
    }
}

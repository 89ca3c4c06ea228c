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
    }

    /** Empirical CDFs of exit times (non-finite: not exited) with labelled vertical lines. */
    record EcdfPlot(String title, String timeAxis, Map<String, double[]> samples, Map<String, Double> verticals)
            implements Figure {
    }

    /**
     * Every replica's curve of each engine thin and translucent, a deterministic one thick; points before
     * {@code tMin} are not shown; {@code logLog}: both axes logarithmic.
     */
    record CurvesPlot(String title, String timeAxis, String valueAxis, Map<String, List<Figures.Curve>> replicas,
                      Figures.Curve deterministic, double tMin, boolean logLog) implements Figure {
        /** Risk against time on log–log axes. */
        public static CurvesPlot logLog(String title, String timeAxis, String valueAxis,
                                        Map<String, List<Figures.Curve>> replicas, Figures.Curve deterministic, double tMin) {
            return new CurvesPlot(title, timeAxis, valueAxis, replicas, deterministic, tMin, true);
        }
    }

    /** Density outlines of exit times on common bins, with vertical lines. */
    record HistogramPlot(String title, String timeAxis, Map<String, double[]> samples, Map<String, Double> verticals,
                         int bins) implements Figure {
    }
}

package dev.overlap.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kept figure's data survives JSON exactly, and plot's redraw equals the figure drawn at run time. */
class FigureDataTest {
    @TempDir
    Path tmp;

    @Test
    void keptFiguresRedrawByteForByte() throws IOException {
        double inf = Double.POSITIVE_INFINITY;
        Figures.Points open = new Figures.Points("sgd", new double[] {100, 200, 400}, new double[] {1.5, 2.25, 3.0},
                new double[] {1.0, 2.0, 2.5}, new double[] {2.0, inf, 3.5}); // an interval open above
        Map<String, Figures.Curve> lines = new LinkedHashMap<>();
        lines.put("theory", new Figures.Curve(new double[] {100, 400}, new double[] {1.4, 3.1}));
        Figure points = new Figure.PointsPlot("points", "d", "t", List.of(open), lines, true);
        Map<String, double[]> samples = new LinkedHashMap<>();
        samples.put("chain", new double[] {3.0, Double.NaN, 2.0, 5.5}); // NaN: a replica that never exited
        samples.put("sde", new double[] {2.5, 4.0});
        Figure ecdf = new Figure.EcdfPlot("ecdf", "t", samples, Map.of("ode", 3.2));
        Figure curves = Figure.CurvesPlot.logLog("curves", "t", "risk", Map.of("chain", List.of(
                new Figures.Curve(new double[] {0, 1, 2}, new double[] {0.5, 0.4, 0.1}))),
                new Figures.Curve(new double[] {0, 1, 2}, new double[] {0.5, 0.45, 0.2}), 0.1, Map.of("ode: exit 1.5", 1.5));
        Map<String, Figure> all = Map.of("points.png", points, "ecdf.png", ecdf, "curves.png", curves,
                "hist.png", new Figure.HistogramPlot("hist", "t", samples, Map.of(), 5));
        Map<String, byte[]> drawn = new LinkedHashMap<>();
        for (Map.Entry<String, Figure> e : all.entrySet()) {
            Figures.keep(tmp.resolve(e.getKey()), e.getValue());
            drawn.put(e.getKey(), Files.readAllBytes(tmp.resolve(e.getKey())));
            Files.delete(tmp.resolve(e.getKey()));
        }
        Figure.PointsPlot back = (Figure.PointsPlot) Figures.read(tmp.resolve("points" + Figures.DATA_SUFFIX));
        assertEquals(inf, back.series().get(0).upper()[1], "an infinite interval end is kept, not dropped");
        assertTrue(Double.isNaN(((Figure.EcdfPlot) Figures.read(tmp.resolve("ecdf" + Figures.DATA_SUFFIX)))
                .samples().get("chain")[1]));

        List<Path> written = Figures.redrawKept(tmp, "png", FigureSize.SCREEN);
        assertEquals(4, written.size());
        drawn.forEach((name, bytes) -> {
            try {
                assertArrayEquals(bytes, Files.readAllBytes(tmp.resolve(name)), name);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}

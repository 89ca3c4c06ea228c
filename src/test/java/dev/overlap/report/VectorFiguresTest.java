package dev.overlap.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * SVG and PDF figures carry their labels as text (searchable, editable) in an embedded font, at the size asked for,
 * with every curve decimated to the page's resolution.
 */
class VectorFiguresTest {
    @TempDir
    Path tmp;

    /** Risk curves of 60 replicas of 20 000 points each, with a Greek letter and a bound in the labels. */
    private static Figure manyCurves() {
        Map<String, List<Figures.Curve>> replicas = new LinkedHashMap<>();
        for (String engine : List.of("chain", "sde")) {
            List<Figures.Curve> list = new ArrayList<>();
            for (int r = 0; r < 30; r++) {
                int n = 20_000;
                double[] t = new double[n];
                double[] risk = new double[n];
                for (int i = 0; i < n; i++) {
                    t[i] = 0.01 + 10.0 * i / n;
                    risk[i] = 2 / (1 + Math.exp(3 * (t[i] - 2 - 0.05 * r))) + 1e-4 * (1 + Math.sin(37.0 * i));
                }
                list.add(new Figures.Curve(t, risk));
            }
            replicas.put(engine, list);
        }
        return Figure.CurvesPlot.logLog("Risk of every replica: η = 0.1 & d ≤ 3000", "t (natural)", "risk", replicas,
                null, 0.01, Map.of("chain: median exit 2.5", 2.5));
    }

    @Test
    void svgHasTextAndStaysSmall() throws Exception {
        Path svg = tmp.resolve("risk.svg");
        Figures.draw(svg, manyCurves(), FigureSize.COLUMN);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile()); // well-formed
        NodeList texts = doc.getElementsByTagName("text");
        List<String> words = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            words.add(texts.item(i).getTextContent());
        }
        assertTrue(String.join(" ", words).contains("η = 0.1 & d ≤ 3000"), "the title, escaped and read back: " + words);
        assertTrue(words.contains("t (natural)") && words.contains("risk"), "axis titles as text: " + words);
        assertEquals("244.8pt", doc.getDocumentElement().getAttribute("width"), "column: 3.4 in");
        // 60 noisy curves of 20 000 points: 1.2 million points, ~20 MB undecimated; at most four per 0.5 pt column kept
        long bytes = Files.size(svg);
        assertTrue(bytes < 2_000_000, "decimated to the page: " + bytes + " bytes");
        NodeList paths = doc.getElementsByTagName("path");
        int longest = 0;
        for (int i = 0; i < paths.getLength(); i++) {
            String d = paths.item(i).getAttributes().getNamedItem("d").getNodeValue();
            longest = Math.max(longest, d.split(" L| ").length / 2); // two numbers a point
        }
        assertTrue(longest <= 4 * 244.8 / VectorChart.RESOLUTION, "points in the longest path: " + longest);
    }

    @Test
    void pdfEmbedsItsFontAndTextIsExtractable() throws IOException {
        Path pdf = tmp.resolve("risk.pdf");
        Figures.draw(pdf, manyCurves(), FigureSize.parse("5x3"));
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            PDPage page = doc.getPage(0);
            assertEquals(360, page.getMediaBox().getWidth(), 1e-3, "5 in");
            assertEquals(216, page.getMediaBox().getHeight(), 1e-3, "3 in");
            List<PDFont> fonts = new ArrayList<>();
            for (var name : page.getResources().getFontNames()) {
                fonts.add(page.getResources().getFont(name));
            }
            assertTrue(!fonts.isEmpty() && fonts.stream().allMatch(PDFont::isEmbedded), "fonts embedded: " + fonts);
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("Risk of every replica") && text.contains("d ≤ 3000"), text);
            assertTrue(text.contains("chain (30 replicas)"), "the legend as text: " + text);
        }
    }

    /** A character the font lacks is drawn as '?', not refused (which would lose the whole figure). */
    @Test
    void missingGlyphsBecomeQuestionMarks() throws IOException {
        Path pdf = tmp.resolve("odd.pdf");
        Figure f = new Figure.EcdfPlot("kanji \u6F22", "t", Map.of("sgd", new double[] {1, 2, 3}), Map.of());
        Figures.draw(pdf, f, FigureSize.PAGE);
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            assertTrue(new PDFTextStripper().getText(doc).contains("kanji ?"));
        }
        Path svg = tmp.resolve("odd.svg");
        Figures.draw(svg, f, FigureSize.PAGE);
        assertTrue(Files.readString(svg, StandardCharsets.UTF_8).contains("kanji \u6F22"),
                "an SVG keeps the character: the viewer's fonts may have it");
    }

    /** Log-axis labels: 1-2-5 within a short axis (written out: 2000, not 2), decades with exponents on a long one. */
    @Test
    void logTicks() {
        assertEquals(List.of("1000", "2000", "5000", "10000"), Ticks.log(950, 10500).labels());
        assertEquals(List.of("0.2", "0.5", "1", "2", "5", "10"), Ticks.log(0.2, 10).labels());
        assertEquals(List.of("10⁻⁵", "10⁻⁴", "10⁻³", "0.01", "0.1", "1"), Ticks.log(1e-5, 3).labels());
        assertEquals(List.of("0.0", "0.5", "1.0"), Ticks.linear(-0.03, 1.03, 4).labels());
    }

    @Test
    void sizesParse() {
        assertEquals(FigureSize.COLUMN, FigureSize.parse("column"));
        assertEquals(new FigureSize("3.5x2.4", 3.5, 2.4), FigureSize.parse("3.5x2.4"));
        assertEquals(1100, FigureSize.SCREEN.pixelWidth());
        assertEquals(620, FigureSize.SCREEN.pixelHeight());
        assertEquals(1020, FigureSize.COLUMN.pixelWidth(), "print sizes at 300 px per inch");
        for (String bad : List.of("huge", "5x", "0.5x3", "5x3x2", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FigureSize.parse(bad));
            assertTrue(e.getMessage().contains("inches"), e.getMessage());
        }
    }
}

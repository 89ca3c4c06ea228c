package dev.overlap.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * The vector figures' font, DejaVu Sans: its metrics lay out every label (so an SVG viewer with the font shows the
 * text where the layout put it, and a PDF embeds the same face). Its coverage includes the Greek letters and
 * mathematical signs of the labels (ε, η, √, ≤, ⌈⌉); a character it lacks is drawn as '?'.
 */
final class FigureFont {
    static final String FAMILY = "DejaVu Sans";
    private static final String RESOURCE = "/net/sf/jasperreports/fonts/dejavu/DejaVuSans.ttf";
    private static final FigureFont INSTANCE = new FigureFont();

    private final byte[] bytes;
    private final CmapLookup cmap;
    private final TrueTypeFont font;
    private final double unitsPerEm;

    private FigureFont() {
        try (InputStream in = FigureFont.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the figure font " + RESOURCE + " is missing from the class path");
            }
            bytes = in.readAllBytes();
            font = new TTFParser().parse(new RandomAccessReadBuffer(bytes));
            cmap = font.getUnicodeCmapLookup();
            unitsPerEm = font.getUnitsPerEm();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the figure font: " + e.getMessage(), e);
        }
    }

    static FigureFont get() {
        return INSTANCE;
    }

    /** The TrueType file, to embed. */
    InputStream stream() {
        return new java.io.ByteArrayInputStream(bytes);
    }

    /** The text with every character the font lacks replaced by '?'. */
    String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (cmap.getGlyphId(c) != 0) {
                out.appendCodePoint(c);
            } else {
                out.append('?');
            }
        });
        return out.toString();
    }

    /** Advance width of the (printable) text at {@code size} points, in points. */
    synchronized double width(String text, double size) {
        double units = 0;
        try {
            for (int c : printable(text).codePoints().toArray()) {
                units += font.getAdvanceWidth(cmap.getGlyphId(c));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure text in the figure font: " + e.getMessage(), e);
        }
        return units / unitsPerEm * size;
    }
}

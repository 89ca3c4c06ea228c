package dev.overlap.report;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
import org.apache.pdfbox.util.Matrix;

/** A one-page PDF: text in the embedded figure font (a subset of DejaVu Sans), curves as stroked paths. */
final class PdfCanvas implements Canvas {
    /** Bézier control distance for a quarter circle. */
    private static final double KAPPA = 0.5522847498;

    private final PDDocument document = new PDDocument();
    private final PDPageContentStream page;
    private final PDType0Font font;
    private final double height;
    /** One graphics state per opacity and kind, shared by every path that uses it (not one resource per path). */
    private final java.util.Map<Integer, PDExtendedGraphicsState> states = new java.util.HashMap<>();

    PdfCanvas(double width, double height) {
        this.height = height;
        try {
            PDPage p = new PDPage(new PDRectangle((float) width, (float) height));
            document.addPage(p);
            font = PDType0Font.load(document, FigureFont.get().stream());
            page = new PDPageContentStream(document, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a PDF figure: " + e.getMessage(), e);
        }
    }

    @Override
    public void polyline(double[] x, double[] y, int n, Color colour, double width, float[] dash) {
        if (n < 2) {
            return;
        }
        draw(() -> {
            page.setStrokingColor(colour.getRed() / 255f, colour.getGreen() / 255f, colour.getBlue() / 255f);
            alpha(colour, true);
            page.setLineWidth((float) width);
            page.setLineDashPattern(dash == null ? new float[0] : dash, 0);
            page.moveTo((float) x[0], flip(y[0]));
            for (int i = 1; i < n; i++) {
                page.lineTo((float) x[i], flip(y[i]));
            }
            page.stroke();
        });
    }

    @Override
    public void disc(double x, double y, double r, Color colour) {
        draw(() -> {
            fillColour(colour);
            float cx = (float) x;
            float cy = flip(y);
            float rr = (float) r;
            float c = (float) (KAPPA * r);
            page.moveTo(cx + rr, cy);
            page.curveTo(cx + rr, cy + c, cx + c, cy + rr, cx, cy + rr);
            page.curveTo(cx - c, cy + rr, cx - rr, cy + c, cx - rr, cy);
            page.curveTo(cx - rr, cy - c, cx - c, cy - rr, cx, cy - rr);
            page.curveTo(cx + c, cy - rr, cx + rr, cy - c, cx + rr, cy);
            page.fill();
        });
    }

    @Override
    public void rectangle(double x, double y, double w, double h, Color colour) {
        draw(() -> {
            fillColour(colour);
            page.addRect((float) x, flip(y + h), (float) w, (float) h);
            page.fill();
        });
    }

    @Override
    public void text(double x, double y, String text, double size, Anchor anchor, boolean vertical, Color colour) {
        String printable = FigureFont.get().printable(text);
        double shift = switch (anchor) {
            case START -> 0;
            case MIDDLE -> FigureFont.get().width(printable, size) / 2;
            case END -> FigureFont.get().width(printable, size);
        };
        draw(() -> {
            fillColour(colour);
            page.beginText();
            page.setFont(font, (float) size);
            if (vertical) { // reading upwards: the anchor shifts along +y of the page
                page.setTextMatrix(Matrix.getRotateInstance(Math.PI / 2, (float) x, (float) (flip(y) - shift)));
            } else {
                page.setTextMatrix(Matrix.getTranslateInstance((float) (x - shift), flip(y)));
            }
            page.showText(printable);
            page.endText();
        });
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        draw(() -> {
            page.saveGraphicsState();
            page.addRect((float) x, flip(y + h), (float) w, (float) h);
            page.clip();
        });
    }

    @Override
    public void unclip() {
        draw(page::restoreGraphicsState);
    }

    @Override
    public byte[] finish() {
        try (document) {
            page.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a PDF figure: " + e.getMessage(), e);
        }
    }

    private void fillColour(Color colour) throws IOException {
        page.setNonStrokingColor(colour.getRed() / 255f, colour.getGreen() / 255f, colour.getBlue() / 255f);
        alpha(colour, false);
    }

    /** The colour's opacity, for strokes or fills (always set: the state outlives one path). */
    private void alpha(Color colour, boolean stroking) throws IOException {
        PDExtendedGraphicsState state = states.computeIfAbsent(colour.getAlpha() * 2 + (stroking ? 1 : 0), key -> {
            PDExtendedGraphicsState s = new PDExtendedGraphicsState();
            if (stroking) {
                s.setStrokingAlphaConstant(colour.getAlpha() / 255f);
            } else {
                s.setNonStrokingAlphaConstant(colour.getAlpha() / 255f);
            }
            return s;
        });
        page.setGraphicsStateParameters(state);
    }

    private float flip(double y) {
        return (float) (height - y);
    }

    private interface Drawing {
        void run() throws IOException;
    }

    private static void draw(Drawing d) {
        try {
            d.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw a PDF figure: " + e.getMessage(), e);
        }
    }
}

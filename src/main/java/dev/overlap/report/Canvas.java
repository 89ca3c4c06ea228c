package dev.overlap.report;

import java.awt.Color;

/**
 * Where a vector figure is drawn: coordinates in points from the top left, y down; text as text. One implementation
 * per format ({@link SvgCanvas}, {@link PdfCanvas}); the layout ({@link VectorChart}) is the same for both.
 */
interface Canvas {
    /** Horizontal alignment of a text on its anchor point. */
    enum Anchor { START, MIDDLE, END }

    /** An open polyline through the first n points; {@code dash} null for a solid line. */
    void polyline(double[] x, double[] y, int n, Color colour, double width, float[] dash);

    /** A filled disc. */
    void disc(double x, double y, double radius, Color colour);

    /** A filled rectangle. */
    void rectangle(double x, double y, double width, double height, Color colour);

    /** Text on the baseline at (x, y), anchored as given, reading upwards when {@code vertical}. */
    void text(double x, double y, String text, double size, Anchor anchor, boolean vertical, Color colour);

    /** Drawing from here on is clipped to the rectangle, until {@link #unclip}. */
    void clip(double x, double y, double width, double height);

    void unclip();

    /** The finished file. */
    byte[] finish();
}

package dev.overlap.report;

import java.util.Locale;

/**
 * The size a figure is drawn at, in inches, and the font sizes that go with it. {@code screen} is the default: a
 * PNG of 1100×620 pixels for reading on a monitor. {@code column} (one column of a two-column paper) and
 * {@code page} (its full text width) are print sizes, their fonts in points legible at that width (7–9 pt); a PNG
 * of a print size is drawn at {@value #PRINT_PPI} pixels per inch.
 *
 * @param name   how it was asked for: screen, column, page or W×H
 * @param width  inches
 * @param height inches
 */
public record FigureSize(String name, double width, double height) {
    /** Pixels per inch of a bitmap on screen (1100 px wide at the default size). */
    static final double SCREEN_PPI = 96;
    /** Pixels per inch of a bitmap at a print size. */
    static final double PRINT_PPI = 300;

    public static final FigureSize SCREEN = new FigureSize("screen", 1100 / SCREEN_PPI, 620 / SCREEN_PPI);
    public static final FigureSize COLUMN = new FigureSize("column", 3.4, 2.5);
    public static final FigureSize PAGE = new FigureSize("page", 7.0, 4.0);

    public FigureSize {
        if (!(width >= 1 && width <= 40 && height >= 1 && height <= 40)) {
            throw new IllegalArgumentException("a figure's width and height must be between 1 and 40 inches, not "
                    + width + " x " + height);
        }
    }

    /** screen, column, page, or W×H in inches (e.g. {@code 5x3}, {@code 3.5x2.4}). */
    public static FigureSize parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "screen":
                return SCREEN;
            case "column":
                return COLUMN;
            case "page":
                return PAGE;
            default:
                String[] parts = s.split("[x×]");
                if (parts.length == 2) {
                    try {
                        return new FigureSize(s, Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
                    } catch (NumberFormatException e) {
                        // the message below
                    }
                }
                throw new IllegalArgumentException("expected screen, column, page or WxH in inches (e.g. 5x3), got '"
                        + text + "'");
        }
    }

    /** Whether this is the on-screen default rather than a print size. */
    public boolean screen() {
        return this.equals(SCREEN);
    }

    /** Pixels per inch of the PNG. */
    public double pixelsPerInch() {
        return screen() ? SCREEN_PPI : PRINT_PPI;
    }

    /** Width of the PNG in pixels. */
    public int pixelWidth() {
        return (int) Math.round(width * pixelsPerInch());
    }

    public int pixelHeight() {
        return (int) Math.round(height * pixelsPerInch());
    }

    /** Width in points (1/72 inch): the page of an SVG or PDF. */
    public double widthPoints() {
        return width * 72;
    }

    public double heightPoints() {
        return height * 72;
    }

    /** The legend beside the plot when there is room (wider than 5 inches), else below it. */
    public boolean legendBeside() {
        return width > 5;
    }

    /** Font size of the body text (tick labels, legend) in points: 7 pt up to 4 inches wide, growing to 10 pt. */
    public double bodyPoints() {
        return 7 * Math.min(10.0 / 7, Math.max(1, width / 4));
    }

    /** Font size of the axis titles in points. */
    public double axisPoints() {
        return bodyPoints() * 8 / 7;
    }

    /** Font size of the title in points. */
    public double titlePoints() {
        return bodyPoints() * 9 / 7;
    }
}

package dev.overlap.report;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** An SVG document: every label a {@code <text>} element, every curve one {@code <path>}. */
final class SvgCanvas implements Canvas {
    private final StringBuilder out = new StringBuilder();
    private int clips;

    SvgCanvas(double width, double height) {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" ")
                .append("width=\"").append(n(width)).append("pt\" height=\"").append(n(height)).append("pt\" ")
                .append("viewBox=\"0 0 ").append(n(width)).append(' ').append(n(height)).append("\" ")
                .append("font-family=\"").append(FigureFont.FAMILY).append(", Verdana, sans-serif\">\n");
    }

    @Override
    public void polyline(double[] x, double[] y, int n, Color colour, double width, float[] dash) {
        if (n < 2) {
            return;
        }
        out.append("<path fill=\"none\"");
        stroke(colour, width, dash);
        out.append(" d=\"M").append(n(x[0])).append(' ').append(n(y[0]));
        for (int i = 1; i < n; i++) {
            out.append(i == 1 ? " L" : " ").append(n(x[i])).append(' ').append(n(y[i]));
        }
        out.append("\"/>\n");
    }

    @Override
    public void disc(double x, double y, double radius, Color colour) {
        out.append("<circle cx=\"").append(n(x)).append("\" cy=\"").append(n(y)).append("\" r=\"").append(n(radius))
                .append('"');
        fill(colour);
        out.append("/>\n");
    }

    @Override
    public void rectangle(double x, double y, double width, double height, Color colour) {
        out.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(width))
                .append("\" height=\"").append(n(height)).append('"');
        fill(colour);
        out.append("/>\n");
    }

    @Override
    public void text(double x, double y, String text, double size, Anchor anchor, boolean vertical, Color colour) {
        out.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"").append(n(size))
                .append('"');
        if (anchor != Anchor.START) {
            out.append(" text-anchor=\"").append(anchor == Anchor.MIDDLE ? "middle" : "end").append('"');
        }
        if (vertical) {
            out.append(" transform=\"rotate(-90 ").append(n(x)).append(' ').append(n(y)).append(")\"");
        }
        fill(colour);
        out.append('>').append(escape(text)).append("</text>\n");
    }

    @Override
    public void clip(double x, double y, double width, double height) {
        String id = "clip" + clips++;
        out.append("<clipPath id=\"").append(id).append("\"><rect x=\"").append(n(x)).append("\" y=\"").append(n(y))
                .append("\" width=\"").append(n(width)).append("\" height=\"").append(n(height)).append("\"/></clipPath>\n")
                .append("<g clip-path=\"url(#").append(id).append(")\">\n");
    }

    @Override
    public void unclip() {
        out.append("</g>\n");
    }

    @Override
    public byte[] finish() {
        out.append("</svg>\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void stroke(Color c, double width, float[] dash) {
        out.append(" stroke=\"").append(hex(c)).append("\" stroke-width=\"").append(n(width)).append('"');
        if (c.getAlpha() < 255) {
            out.append(" stroke-opacity=\"").append(n(c.getAlpha() / 255.0)).append('"');
        }
        if (dash != null) {
            out.append(" stroke-dasharray=\"");
            for (int i = 0; i < dash.length; i++) {
                out.append(i == 0 ? "" : " ").append(n(dash[i]));
            }
            out.append('"');
        }
    }

    private void fill(Color c) {
        out.append(" fill=\"").append(hex(c)).append('"');
        if (c.getAlpha() < 255) {
            out.append(" fill-opacity=\"").append(n(c.getAlpha() / 255.0)).append('"');
        }
    }

    private static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    /** Two decimals of a point, trailing zeros dropped: a hundredth of a point is below any print resolution. */
    private static String n(double v) {
        long hundredths = Math.round(v * 100);
        String sign = hundredths < 0 ? "-" : "";
        long a = Math.abs(hundredths);
        long whole = a / 100;
        int frac = (int) (a % 100);
        if (frac == 0) {
            return sign + whole;
        }
        return sign + whole + (frac % 10 == 0 ? "." + frac / 10 : frac < 10 ? ".0" + frac : "." + frac);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

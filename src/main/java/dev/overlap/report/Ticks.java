package dev.overlap.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tick positions and labels of a vector figure's axis: round steps (1, 2 or 5 × 10^k) on a linear axis; decades on a
 * log axis holding three or more, labelled 0.01 … 1000 plainly and 10ⁿ beyond; 1, 2, 5 × 10^k on a shorter log axis.
 *
 * @param values positions, ascending, inside the axis range
 * @param labels one per value
 */
record Ticks(double[] values, List<String> labels) {
    private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    /** About {@code target} round ticks between lo and hi. */
    static Ticks linear(double lo, double hi, int target) {
        double raw = (hi - lo) / Math.max(1, target);
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 5, 10}) {
            step = m * magnitude;
            if (step >= raw) {
                break;
            }
        }
        int decimals = (int) Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
        List<Double> values = new ArrayList<>();
        for (double v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * step; v += step) {
            values.add(Math.abs(v) < 1e-12 * step ? 0 : v);
        }
        boolean scientific = values.stream().anyMatch(v -> Math.abs(v) >= 1e6) || step < 1e-4;
        List<String> labels = values.stream().map(v -> scientific ? String.format(Locale.ROOT, "%.3g", v)
                : String.format(Locale.ROOT, "%." + decimals + "f", v)).toList();
        return new Ticks(values.stream().mapToDouble(Double::doubleValue).toArray(), labels);
    }

    /**
     * Ticks of a log axis from lo to hi (both positive): decades when it holds three or more, else 1, 2, 5 × 10^k (or
     * every integer multiple when even those are too few).
     */
    static Ticks log(double lo, double hi) {
        List<Double> values = new ArrayList<>();
        int first = (int) Math.ceil(Math.log10(lo) - 1e-9);
        int last = (int) Math.floor(Math.log10(hi) + 1e-9);
        if (last - first >= 2) { // three decades or more: decades say enough
            int every = Math.max(1, (last - first + 7) / 8); // at most about eight decade labels
            for (int e = first; e <= last; e += every) {
                values.add(Math.pow(10, e));
            }
            return new Ticks(values.stream().mapToDouble(Double::doubleValue).toArray(),
                    values.stream().map(Ticks::decade).toList());
        }
        for (double[] mantissas : new double[][] {{1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}}) {
            values.clear();
            for (int e = first - 1; e <= last; e++) {
                for (double m : mantissas) {
                    double v = m * Math.pow(10, e);
                    if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) {
                        values.add(v);
                    }
                }
            }
            if (values.size() >= 3) {
                break;
            }
        }
        return new Ticks(values.stream().mapToDouble(Double::doubleValue).toArray(),
                values.stream().map(Ticks::plain).toList());
    }

    /** A tick value in plain decimals, four significant digits at most (2000, 0.05, 15000). */
    private static String plain(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** 10^e as 0.01 … 1000, else 10 with a superscript exponent. */
    private static String decade(double v) {
        int e = (int) Math.round(Math.log10(v));
        if (e >= -2 && e <= 3) {
            return e < 0 ? String.format(Locale.ROOT, "%." + (-e) + "f", v) : String.format(Locale.ROOT, "%.0f", v);
        }
        StringBuilder s = new StringBuilder("10");
        if (e < 0) {
            s.append('⁻');
        }
        for (char c : Integer.toString(Math.abs(e)).toCharArray()) {
            s.append(SUPERSCRIPTS.charAt(c - '0'));
        }
        return s.toString();
    }
}

package dev.overlap.modelfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.objecthunter.exp4j.Expression;
import net.objecthunter.exp4j.ExpressionBuilder;

/**
 * One mapping of a model file, read key by key. Every read names its key path in errors, and
 * {@link #finish()} rejects the keys nobody read, so a typo never falls back to a default.
 *
 * <p>A number may also be written as an expression in the model's variables (e.g.
 * {@code batch: "d * log(d)^2"}, natural log), so one file states how a regime scales with d;
 * integer keys round the expression's value to the nearest integer.
 */
final class Section {
    private final String file;
    private final String path;
    private final ObjectNode node;
    private final Set<String> read = new HashSet<>();
    private final Set<String> overridden;
    /** Variables of number expressions, shared with every sub-section (filled as they are read, e.g. d). */
    private final Map<String, Double> variables;

    Section(String file, String path, JsonNode node, Set<String> overridden, Map<String, Double> variables) {
        this.file = file;
        this.path = path;
        this.overridden = overridden;
        this.variables = variables;
        if (node == null || node.isNull() || node.isMissingNode()) {
            this.node = JsonNodeFactory.instance.objectNode();
        } else if (node.isObject()) {
            this.node = (ObjectNode) node;
        } else {
            throw new SpecException(file + ": " + (path.isEmpty() ? "top level" : path)
                    + ": expected a mapping of keys, got " + describe(node));
        }
    }

    Section section(String key) {
        return new Section(file, keyPath(key), take(key), overridden, variables);
    }

    /** Makes {@code name} available to the number expressions read after this call. */
    void define(String name, double value) {
        variables.put(name, value);
    }

    /** {@link #define} that returns the value, for reading and defining in one expression. */
    int defined(String name, int value) {
        define(name, value);
        return value;
    }

    SpecException error(String key, String message) {
        return error(file, overridden, keyPath(key), message);
    }

    /** An error about a key path, attributed to the command line when an option set it, else to the file. */
    static SpecException error(String file, Set<String> overridden, String path, String message) {
        // an override also explains a section it alone brought in (trainig.batch=2 makes the section trainig)
        boolean fromCommandLine = overridden.stream().anyMatch(o -> o.equals(path) || o.startsWith(path + "."));
        return new SpecException((fromCommandLine ? "command line" : file) + ": " + path + ": " + message);
    }

    String string(String key, String fallback) {
        JsonNode v = take(key);
        if (v == null) {
            return required(key, fallback);
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw error(key, "expected text, got " + describe(v));
        }
        return v.asText();
    }

    <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
        JsonNode v = take(key);
        if (v == null) {
            return required(key, fallback);
        }
        E e = v.isTextual() ? Choice.parse(type, v.asText()) : null;
        if (e == null) {
            throw error(key, "expected one of " + Choice.choices(type) + ", got " + describe(v));
        }
        return e;
    }

    double number(String key, Double fallback) {
        JsonNode v = take(key);
        if (v == null) {
            return required(key, fallback);
        }
        double x = toNumber(key, v);
        if (!Double.isFinite(x)) {
            throw error(key, "must be a finite number, got " + v.asText());
        }
        return x;
    }

    long integer(String key, Long fallback) {
        JsonNode v = take(key);
        if (v == null) {
            return required(key, fallback);
        }
        return wholeNumber(key, v);
    }

    /**
     * A whole number: YAML integers and integer text are read as integers (so seeds above 2⁵³ keep every
     * bit); expressions are rounded; anything else with a fraction is an error, never rounded.
     */
    private long wholeNumber(String key, JsonNode v) {
        if (v.isIntegralNumber()) {
            if (!v.canConvertToLong()) {
                throw error(key, "too large: " + v.asText());
            }
            return v.longValue();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.asText().trim());
            } catch (NumberFormatException e) {
                // not an integer literal: a decimal or an expression, below
            }
        }
        double x = toNumber(key, v);
        if (isExpression(v)) {
            x = Math.rint(x);
        }
        if (x != Math.rint(x) || Math.abs(x) > 0x1p53) {
            throw error(key, "expected a whole number, got " + v.asText());
        }
        return (long) x;
    }

    int intValue(String key, Integer fallback) {
        long x = integer(key, fallback == null ? null : fallback.longValue());
        if (x > Integer.MAX_VALUE || x < Integer.MIN_VALUE) {
            throw error(key, "too large: " + x);
        }
        return (int) x;
    }

    boolean bool(String key, boolean fallback) {
        JsonNode v = take(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw error(key, "expected true or false, got " + describe(v));
        }
        return v.booleanValue();
    }

    Optional<List<Double>> vector(String key) {
        JsonNode v = take(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isArray()) {
            throw error(key, "expected a list of numbers, got " + describe(v));
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(finite(key, toNumber(key, v.get(i))));
        }
        return Optional.of(out);
    }

    /** A list of whole numbers (never rounded). */
    Optional<List<Integer>> integers(String key) {
        JsonNode v = take(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isArray()) {
            throw error(key, "expected a list of whole numbers, got " + describe(v));
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            long x = wholeNumber(key, v.get(i));
            if (x > Integer.MAX_VALUE || x < Integer.MIN_VALUE) {
                throw error(key, "entry " + i + " too large: " + x);
            }
            out.add((int) x);
        }
        return Optional.of(out);
    }

    Optional<Matrix> matrix(String key) {
        JsonNode v = take(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isArray() || v.isEmpty()) {
            throw error(key, "expected a matrix as a list of rows, e.g. [[1.0, 0.0], [0.0, 1.0]], got " + describe(v));
        }
        double[][] rows = new double[v.size()][];
        for (int i = 0; i < v.size(); i++) {
            JsonNode row = v.get(i);
            if (!row.isArray()) {
                throw error(key, "row " + i + " is not a list of numbers");
            }
            if (row.size() != v.get(0).size()) {
                throw error(key, "row " + i + " has " + row.size() + " entries, row 0 has " + v.get(0).size());
            }
            rows[i] = new double[row.size()];
            for (int j = 0; j < row.size(); j++) {
                rows[i][j] = finite(key, toNumber(key, row.get(j)));
            }
        }
        return Optional.of(new Matrix(rows));
    }

    private double finite(String key, double x) {
        if (!Double.isFinite(x)) {
            throw error(key, "entries must be finite numbers, got " + x);
        }
        return x;
    }

    /** Rejects every key of this mapping that no reader asked for. */
    void finish() {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!read.contains(name)) {
                throw error(name, "unknown key");
            }
        }
    }

    private JsonNode take(String key) {
        read.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    private <T> T required(String key, T fallback) {
        if (fallback == null) {
            throw error(key, "required key is missing");
        }
        return fallback;
    }

    /**
     * Numbers may be written as YAML numbers, as text such as {@code 1e-4} (which YAML 1.1 reads as a
     * string), or as expressions in the variables defined so far.
     */
    private double toNumber(String key, JsonNode v) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (!v.isTextual()) {
            throw error(key, "expected a number, got " + describe(v));
        }
        String text = v.asText().trim();
        if (!isExpression(v)) {
            return Double.parseDouble(text);
        }
        double x;
        try {
            Expression e = new ExpressionBuilder(text).variables(variables.keySet()).build().setVariables(variables);
            x = e.evaluate();
        } catch (IllegalArgumentException | ArithmeticException e) {
            SpecException bad = error(key, "expected a number or an expression in " + variables.keySet() + ", got "
                    + describe(v) + " (" + e.getMessage() + ")");
            bad.initCause(e);
            throw bad;
        }
        if (!Double.isFinite(x)) {
            throw error(key, "expression " + describe(v) + " is not finite with " + variables);
        }
        return x;
    }

    private static boolean isExpression(JsonNode v) {
        if (!v.isTextual()) {
            return false;
        }
        try {
            Double.parseDouble(v.asText().trim());
            return false;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String describe(JsonNode v) {
        if (v.isTextual()) {
            return "'" + v.asText() + "'";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        return v.toString();
    }
}

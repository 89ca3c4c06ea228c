package dev.overlap.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A JSON file overlap wrote, read back strictly: it must exist, parse completely (a truncated file, a bare
 * NaN or trailing text does not), and hold each field a reader asks for with the type and domain it asks
 * for. Anything else is a {@link CorruptFileException} naming the file and the field's path.
 */
public final class StrictJson {
    private static final ObjectMapper READER = Json.mapper().copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Path file;
    private final JsonNode root;

    private StrictJson(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    public static StrictJson read(Path file) {
        try {
            return new StrictJson(file, READER.readTree(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            throw new CorruptFileException(file, "missing");
        } catch (JsonProcessingException e) {
            throw new CorruptFileException(file, "not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A typed object from the file, with Jackson's message on failure (a saved figure). */
    public static <T> T read(Path file, Class<T> type) {
        StrictJson json = read(file);
        try {
            return READER.treeToValue(json.root, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            Throwable reason = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
            String message = reason instanceof JsonProcessingException j ? j.getOriginalMessage() : reason.getMessage();
            throw new CorruptFileException(file, "not a saved " + type.getSimpleName() + ": "
                    + message.replaceAll("\\s*\\R\\s*", " "), e);
        }
    }

    public Path file() {
        return file;
    }

    public JsonNode root() {
        return root;
    }

    /** The node at a dotted path, which must exist and be an object. */
    public JsonNode object(String path) {
        JsonNode n = node(path);
        if (!n.isObject()) {
            throw bad(path, "must be an object, not " + n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        return n;
    }

    /** The node at a dotted path, which must exist and be an array. */
    public JsonNode array(String path) {
        JsonNode n = node(path);
        if (!n.isArray()) {
            throw bad(path, "must be an array");
        }
        return n;
    }

    /** A non-empty string. */
    public String text(String path) {
        JsonNode n = node(path);
        if (!n.isTextual() || n.asText().isEmpty()) {
            throw bad(path, "must be a non-empty string, not " + n);
        }
        return n.asText();
    }

    /** A whole number in [min, max]. */
    public long integer(String path, long min, long max) {
        JsonNode n = node(path);
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
            throw bad(path, "must be a whole number in " + min + ".." + max + ", not " + n);
        }
        return n.asLong();
    }

    /** A finite number at least {@code min}. */
    public double number(String path, double min) {
        JsonNode n = node(path);
        if (!n.isNumber() || !Double.isFinite(n.asDouble()) || n.asDouble() < min) {
            throw bad(path, "must be a finite number" + (min > Double.NEGATIVE_INFINITY ? " ≥ " + min : "") + ", not " + n);
        }
        return n.asDouble();
    }

    public boolean bool(String path) {
        JsonNode n = node(path);
        if (!n.isBoolean()) {
            throw bad(path, "must be true or false, not " + n);
        }
        return n.asBoolean();
    }

    /** An error about the field at {@code path}. */
    public CorruptFileException bad(String path, String reason) {
        return new CorruptFileException(file, "field " + path + " " + reason);
    }

    private JsonNode node(String path) {
        JsonNode n = root;
        for (String name : path.split("\\.")) {
            n = n.path(name);
        }
        if (n.isMissingNode() || n.isNull()) {
            throw bad(path, "is missing");
        }
        return n;
    }
}

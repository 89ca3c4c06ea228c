package dev.overlap.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file overlap wrote, read back as strictly as a model file: the whole file (gunzipped when its name
 * ends in .gz) must decode, end with its newline (a file cut mid-number does not), start with the expected
 * header, and hold complete rows, each value checked in its domain by the typed getters of {@link Row}.
 * Anything else is a {@link CorruptFileException} naming the file, line and field.
 */
public final class StrictCsv {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
            .setIgnoreEmptyLines(false).get();

    private final Path file;
    private final List<String> header;
    private final List<Row> rows;

    private StrictCsv(Path file, List<String> header, List<Row> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    /** Reads {@code file}; {@code header} is the exact header, or its first columns when {@code prefix}. */
    public static StrictCsv read(Path file, List<String> header, boolean prefix) {
        String text = text(file);
        if (!text.endsWith("\n")) {
            throw new CorruptFileException(file, "does not end with a newline: it was cut short");
        }
        List<CSVRecord> records;
        try (CSVParser parser = CSVParser.builder().setReader(new java.io.StringReader(text)).setFormat(FORMAT).get()) {
            records = parser.getRecords();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new CorruptFileException(file, "not a CSV file: " + e.getMessage(), e);
        }
        if (records.isEmpty()) {
            throw new CorruptFileException(file, "empty: the header " + String.join(",", header) + " is missing");
        }
        List<String> found = records.get(0).toList();
        boolean matches = prefix ? found.size() > header.size() && found.subList(0, header.size()).equals(header)
                : found.equals(header);
        if (!matches) {
            throw new CorruptFileException(file, 1, null, "the header must be " + String.join(",", header)
                    + (prefix ? ",..." : "") + ", not " + String.join(",", found));
        }
        List<Row> rows = new ArrayList<>(records.size() - 1);
        for (int i = 1; i < records.size(); i++) {
            CSVRecord r = records.get(i);
            long line = r.getRecordNumber();
            if (r.size() != found.size()) {
                throw new CorruptFileException(file, line, null, r.size() + " values, the header has " + found.size());
            }
            rows.add(new Row(file, line, found, r.values()));
        }
        return new StrictCsv(file, List.copyOf(found), List.copyOf(rows));
    }

    public Path file() {
        return file;
    }

    public List<String> header() {
        return header;
    }

    public List<Row> rows() {
        return rows;
    }

    /** One row, with getters that check each value's domain. */
    public static final class Row {
        private final Path file;
        private final long line;
        private final List<String> header;
        private final String[] values;

        Row(Path file, long line, List<String> header, String[] values) {
            this.file = file;
            this.line = line;
            this.header = header;
            this.values = values;
        }

        public long line() {
            return line;
        }

        public String text(int column) {
            return values[column];
        }

        /** A non-empty text value. */
        public String word(int column) {
            if (values[column].isEmpty()) {
                throw bad(column, "is empty");
            }
            return values[column];
        }

        /** A whole number in [min, max]. */
        public int integer(int column, int min, int max) {
            int v;
            try {
                v = Integer.parseInt(values[column]);
            } catch (NumberFormatException e) {
                throw bad(column, "'" + values[column] + "' is not a whole number");
            }
            if (v < min || v > max) {
                throw bad(column, v + " is outside " + min + ".." + max);
            }
            return v;
        }

        /** A finite number at least {@code min}. */
        public double finite(int column, double min) {
            double v = number(column);
            if (!Double.isFinite(v) || v < min) {
                throw bad(column, values[column] + (Double.isFinite(v) ? " is below " + min : " is not finite"));
            }
            return v;
        }

        /** A finite number. */
        public double finite(int column) {
            return finite(column, Double.NEGATIVE_INFINITY);
        }

        /** true or false. */
        public boolean bool(int column) {
            return switch (values[column]) {
                case "true" -> true;
                case "false" -> false;
                default -> throw bad(column, "'" + values[column] + "' is neither true nor false");
            };
        }

        /** An error about this row's value in {@code column}. */
        public CorruptFileException bad(int column, String reason) {
            return new CorruptFileException(file, line, header.get(column), reason);
        }

        private double number(int column) {
            try {
                return Double.parseDouble(values[column]);
            } catch (NumberFormatException e) {
                throw bad(column, "'" + values[column] + "' is not a number");
            }
        }
    }

    /** The whole file as strict UTF-8, gunzipped when it ends in .gz. */
    static String text(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(in.readAllBytes()))
                    .toString();
        } catch (NoSuchFileException e) {
            throw new CorruptFileException(file, "missing");
        } catch (EOFException e) {
            throw new CorruptFileException(file, "the gzip stream ends early: the file was cut short", e);
        } catch (ZipException e) {
            throw new CorruptFileException(file, "not gzip-compressed (" + e.getMessage() + ")", e);
        } catch (CharacterCodingException e) {
            throw new CorruptFileException(file, "not UTF-8 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}

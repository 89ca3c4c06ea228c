package dev.overlap.io;

import java.nio.file.Path;
import java.util.List;

/** A CSV file of a header and rows of already formatted cells, written atomically. */
public final class CsvTable {
    private CsvTable() {
    }

    public static void write(Path file, List<String> header, List<List<String>> rows) {
        AtomicFiles.write(file, out -> {
            out.write(String.join(",", header));
            out.write('\n');
            for (List<String> row : rows) {
                out.write(String.join(",", row));
                out.write('\n');
            }
        });
    }
}

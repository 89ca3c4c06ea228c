package dev.overlap.modelfile;

import java.util.Set;

/**
 * Where a model's values came from, for error messages: the file, and the key paths the command line
 * overrode (an error about one of those names the command line instead of the file).
 */
public record Origin(String file, Set<String> overridden) {
    public Origin {
        overridden = Set.copyOf(overridden);
    }

    /** "command line" if the command line set any of {@code keys}, else the file. */
    public String of(String... keys) {
        for (String k : keys) {
            if (overridden.contains(k)) {
                return "command line";
            }
        }
        return file;
    }
}

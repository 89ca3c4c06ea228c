package dev.overlap.io;

import java.nio.file.Path;

/**
 * A file overlap reads back (a result, a shard's manifest, a saved figure) that is not what overlap wrote:
 * cut short, edited out of its domain, from another run, or missing. The message is one line naming the
 * file and, where there is one, the line and field; the program exits with code 2 and writes nothing.
 */
public final class CorruptFileException extends RuntimeException {
    public CorruptFileException(Path file, String reason) {
        super(file + ": " + reason);
    }

    public CorruptFileException(Path file, long line, String field, String reason) {
        super(file + ": line " + line + (field == null ? "" : ", " + field) + ": " + reason);
    }

    public CorruptFileException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
    }
}

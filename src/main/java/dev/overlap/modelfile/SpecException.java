package dev.overlap.modelfile;

/** A model file (or a command-line override) is not valid; the message is one line naming the file and key path. */
public final class SpecException extends UsageException {
    public SpecException(String message) {
        super(message);
    }

    public SpecException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.overlap.modelfile;

/**
 * The user asked for something that cannot be done as asked: a bad model file or option, an output
 * folder holding another experiment. The message is one line naming the file or command line and the
 * key; the program exits with code 2. A run that fails, or a bug, is any other exception (exit 1).
 */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.overlap.theory;

/**
 * The model has no mediocrity to linearise at: M = 0 is not a fixed point of its drift (a teacher of
 * information exponent 1), or the target is XOR, whose first phase is signal finding, not an escape.
 */
public final class NoMediocrityException extends RuntimeException {
    public NoMediocrityException(String message) {
        super(message);
    }
}

package dev.overlap.validation;

/** One claim of the papers that {@code overlap validate} measures, with its tolerance. */
public interface Claim {
    /** The folder name under validation/ and the key in the report. */
    String id();

    /** The claim in one sentence. */
    String statement();

    /** Where the claim comes from: paper, section or figure. */
    String source();

    /** Runs the measurement (reduced sizes when {@link Context#quick()}) and judges it. */
    Verdict check(Context context);
}

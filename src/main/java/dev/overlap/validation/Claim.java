package dev.overlap.validation;

/** One claim of the papers that {@code overlap validate} measures, with its tolerance. */
public interface Claim {
    /** The folder name under validation/ and the key in the report. */
    String id();

    /** The claim in one sentence. */
    String statement();

    /** Where the claim comes from: paper, section or figure. */
    String source();

    /**
     * The variant of the model or engine that breaks the mechanism the claim is about, in one sentence:
     * {@code validate --falsify} runs the claim on it, and the claim must FAIL there.
     */
    String falsifier();

    /**
     * Model-file overrides (dotted keys, as --set) that make the falsifier, applied after the claim's own by
     * {@link Context#model} under --falsify; a falsifier that changes the engine instead reads
     * {@link Context#falsify()} in {@link #check}.
     */
    default java.util.Map<String, String> falsifierOverrides() {
        return java.util.Map.of();
    }

    /** Runs the measurement (reduced sizes when {@link Context#quick()}) and judges it. */
    Verdict check(Context context);
}

package dev.overlap.validation;

import java.util.List;

/**
 * The outcome of one claim: PASS or FAIL, the measured value as text (with its CI and unit), the
 * tolerance it was judged against, the figures written (file names in the claim's output folder) and
 * a paragraph that says what was run and what it shows.
 */
public record Verdict(boolean pass, String measured, String tolerance, List<String> figures, String paragraph) {
    public Verdict {
        figures = List.copyOf(figures);
    }
}

package dev.overlap.stats;

import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * A success rate k/n with its exact (Clopper–Pearson) 95 % interval, from Beta quantiles. commons-math3's
 * ClopperPearsonInterval refuses k = 0 and k = n (an F law with 0 degrees of freedom); the interval is
 * [0, ·] and [·, 1] there.
 */
public record SuccessRate(int successes, int trials, double lower, double upper) {
    private static final double ALPHA = 0.05;

    public static SuccessRate of(int successes, int trials) {
        if (trials < 1 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("needs 0 <= successes <= trials, trials >= 1: " + successes + " of " + trials);
        }
        double lower = successes == 0 ? 0
                : new BetaDistribution(null, successes, trials - successes + 1).inverseCumulativeProbability(ALPHA / 2);
        double upper = successes == trials ? 1
                : new BetaDistribution(null, successes + 1, trials - successes).inverseCumulativeProbability(1 - ALPHA / 2);
        return new SuccessRate(successes, trials, lower, upper);
    }
}

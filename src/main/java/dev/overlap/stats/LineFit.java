package dev.overlap.stats;

import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * Ordinary least squares y = intercept + slope·x with the 95 % confidence interval of the slope from
 * the t distribution with n − 2 degrees of freedom (NaN with fewer than three points).
 */
public record LineFit(int n, double slope, double intercept, double slopeLower, double slopeUpper, double rSquared) {

    public static LineFit of(double[] x, double[] y) {
        SimpleRegression r = new SimpleRegression();
        for (int i = 0; i < x.length; i++) {
            r.addData(x[i], y[i]);
        }
        double half = x.length >= 3 ? r.getSlopeConfidenceInterval() : Double.NaN;
        return new LineFit(x.length, r.getSlope(), r.getIntercept(), r.getSlope() - half, r.getSlope() + half,
                r.getRSquare());
    }
}

package dev.overlap.stats;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Weighted least-squares line y = a + b x through points with known standard errors (independent
 * Monte Carlo estimates): the slope's standard error comes from the points' errors, not from the
 * residuals, so it is meaningful with three points; χ² of the residuals tests the line itself.
 *
 * @param goodness P(χ²_{n−2} ≥ chi2): small when the points are not on a line within their errors
 */
public record WeightedLine(int n, double slope, double intercept, double slopeError, double chi2, double goodness) {

    public static WeightedLine of(double[] x, double[] y, double[] se) {
        double sw = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < x.length; i++) {
            double w = 1 / (se[i] * se[i]);
            sw += w;
            sx += w * x[i];
            sy += w * y[i];
        }
        double xBar = sx / sw;
        double yBar = sy / sw;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < x.length; i++) {
            double w = 1 / (se[i] * se[i]);
            sxx += w * (x[i] - xBar) * (x[i] - xBar);
            sxy += w * (x[i] - xBar) * (y[i] - yBar);
        }
        double slope = sxy / sxx;
        double intercept = yBar - slope * xBar;
        double chi2 = 0;
        for (int i = 0; i < x.length; i++) {
            double r = (y[i] - intercept - slope * x[i]) / se[i];
            chi2 += r * r;
        }
        int dof = x.length - 2;
        double goodness = dof > 0 ? 1 - new ChiSquaredDistribution(dof).cumulativeProbability(chi2) : Double.NaN;
        return new WeightedLine(x.length, slope, intercept, Math.sqrt(1 / sxx), chi2, goodness);
    }

    public double slopeLower() {
        return slope - 1.96 * slopeError;
    }

    public double slopeUpper() {
        return slope + 1.96 * slopeError;
    }
}

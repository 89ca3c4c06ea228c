package dev.overlap.stats;

import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * The two-sample Kolmogorov–Smirnov test of H0 "both samples have the same law": D is the largest
 * distance between the empirical CDFs; the p-value is exact for small samples, asymptotic for large
 * (commons-math3).
 */
public record TwoSample(int n1, int n2, double statistic, double pValue) {
    public static TwoSample ks(double[] x, double[] y) {
        KolmogorovSmirnovTest test = new KolmogorovSmirnovTest();
        return new TwoSample(x.length, y.length, test.kolmogorovSmirnovStatistic(x, y), test.kolmogorovSmirnovTest(x, y));
    }
}

package dev.overlap.stats;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.distribution.AbstractRealDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * The one-sample Kolmogorov–Smirnov test of H0 "the sample has the law whose CDF is F": D = sup |F_n − F|, with
 * commons-math3's p-value (exact for small samples, asymptotic for large). For a sample against a computed law (the
 * Kolmogorov exit-time law), which is continuous; its numerical error must be far below D's resolution 1/√n.
 */
public record OneSample(int n, double statistic, double pValue) {

    public static OneSample ks(double[] sample, DoubleUnaryOperator cdf) {
        AbstractRealDistribution law = new AbstractRealDistribution(null) {
            @Override
            public double cumulativeProbability(double x) {
                return cdf.applyAsDouble(x);
            }

            // the test reads the CDF only
            @Override
            public double density(double x) {
                throw new UnsupportedOperationException();
            }

            @Override
            public double getNumericalMean() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double getNumericalVariance() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double getSupportLowerBound() {
                return 0;
            }

            @Override
            public double getSupportUpperBound() {
                return Double.POSITIVE_INFINITY;
            }

            @Override
            public boolean isSupportLowerBoundInclusive() {
                return true;
            }

            @Override
            public boolean isSupportUpperBoundInclusive() {
                return false;
            }

            @Override
            public boolean isSupportConnected() {
                return true;
            }
        };
        KolmogorovSmirnovTest test = new KolmogorovSmirnovTest();
        return new OneSample(sample.length, test.kolmogorovSmirnovStatistic(law, sample),
                test.kolmogorovSmirnovTest(law, sample));
    }
}

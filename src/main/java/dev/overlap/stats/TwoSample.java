package dev.overlap.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * The two-sample Kolmogorov–Smirnov test of H0 "both samples have the same law": D is the largest
 * distance between the empirical CDFs; the p-value is exact for small samples, asymptotic for large
 * (commons-math3).
 */
public record TwoSample(int n1, int n2, double statistic, double pValue) {
    /** One pair's test, named by the two samples' keys. */
    public record Pair(String first, String second, TwoSample test) {
    }

    /**
     * The test between every pair of samples, in key order, on their finite values (censored runs are left
     * out); a pair in which either has fewer than two finite values is skipped.
     */
    public static List<Pair> pairwise(Map<String, double[]> samples) {
        List<String> names = new ArrayList<>(samples.keySet());
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                double[] x = Arrays.stream(samples.get(names.get(i))).filter(Double::isFinite).toArray();
                double[] y = Arrays.stream(samples.get(names.get(j))).filter(Double::isFinite).toArray();
                if (x.length >= 2 && y.length >= 2) {
                    out.add(new Pair(names.get(i), names.get(j), ks(x, y)));
                }
            }
        }
        return out;
    }

    public static TwoSample ks(double[] x, double[] y) {
        KolmogorovSmirnovTest test = new KolmogorovSmirnovTest();
        return new TwoSample(x.length, y.length, test.kolmogorovSmirnovStatistic(x, y), test.kolmogorovSmirnovTest(x, y));
    }
}

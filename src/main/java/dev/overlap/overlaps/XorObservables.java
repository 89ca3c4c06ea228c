package dev.overlap.overlaps;

import dev.overlap.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The observables of XOR ([XOR], docs/theory.md §8) from the overlaps, in field units (weight units for
 * raw preactivations): with u = (M_j1 − M_j2)/√2 along μ₁ and v = (M_j1 + M_j2)/√2 along μ₂,
 * |w_sig| = |u| and |w_opp| = |v| for a_j ≥ 0 (swapped for a_j &lt; 0), |w_⊥|² = Q_jj − M_j1² − M_j2².
 * A neuron is signal-heavy when |w_sig| &gt; ratio·|w_⊥|; the heavy share is the heavy neurons' part of
 * Σ_j |a_j| E[relu(λ_j)] (Gaussian-equivalent, closed form). Loss and error come both from the
 * Gaussian-equivalent law (every engine) and, when the run trains the d-dimensional network, from a
 * hypercube test set watching it; the "error" column is the latter when available, else the former.
 */
public final class XorObservables implements Observables {
    private static final NormalDistribution NORMAL = new NormalDistribution(0, 1);
    private static final List<String> AGGREGATES = List.of("error", "w_sig_mean", "w_opp_mean", "w_perp_mean",
            "a_abs_mean", "signal_heavy_fraction", "signal_heavy_share", "loss_ge", "error_ge", "max_abs_f_ge",
            "loss_test", "error_test", "error_test_se", "max_abs_f_test", "error_gap");

    private final int p;
    private final double ratio;
    private final QmcRisk equivalent;
    private final HypercubeRisk.Probe testSet;

    /** @param testSet a test set watching the network in training, or null for a reduced engine */
    public XorObservables(int p, double ratio, QmcRisk equivalent, HypercubeRisk.Probe testSet) {
        this.p = p;
        this.ratio = ratio;
        this.equivalent = equivalent;
        this.testSet = testSet;
    }

    @Override
    public List<String> names() {
        List<String> names = new ArrayList<>(AGGREGATES);
        for (String part : List.of("w_sig_", "w_opp_", "w_perp_")) {
            for (int j = 1; j <= p; j++) {
                names.add(part + j);
            }
        }
        return names;
    }

    @Override
    public List<String> curveNames() {
        return List.of("error", "w_sig_mean");
    }

    /** The test error of the state: on the test set when the run trains the network, else Gaussian-equivalent. */
    public double error(OverlapBuffer s) {
        return testSet != null ? testSet.error(s.a) : equivalent.error(s.q, s.m, s.a);
    }

    /** What "test error" means for a problem with labels ±1, by its input law. */
    public static String errorDefinition(Problem problem) {
        if (problem.signTeacherFields()) {
            return "classification error P(sign f != y) over the 4 patterns of (x_i, x_j) exactly; the rest of each "
                    + "field from a fixed hypercube test set (observe.test-set inputs) for sgd, Gaussian-equivalent "
                    + "for the reduced engines";
        }
        return "population classification error P(sign f != sign y) at the current overlaps, the Gaussian fields "
                + "integrated on run.qmc-points Sobol points";
    }

    @Override
    public void evaluate(OverlapBuffer s, double[] out, int offset) {
        double[] sig = new double[p];
        double[] opp = new double[p];
        double[] perp = new double[p];
        neurons(s.q, s.m, s.a, sig, opp, perp);
        double heavy = 0;
        double heavyOutput = 0;
        double output = 0;
        double aAbs = 0;
        for (int j = 0; j < p; j++) {
            double contribution = Math.abs(s.a[j]) * meanRelu(s.m[2 * j], s.m[2 * j + 1], perp[j]);
            output += contribution;
            aAbs += Math.abs(s.a[j]);
            if (sig[j] > ratio * perp[j]) {
                heavy++;
                heavyOutput += contribution;
            }
        }
        Performance ge = equivalent.performance(s.q, s.m, s.a);
        Performance test = testSet != null ? testSet.evaluate(s.a)
                : new Performance(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        int c = offset;
        out[c++] = Double.isNaN(test.error()) ? ge.error() : test.error();
        out[c++] = mean(sig);
        out[c++] = mean(opp);
        out[c++] = mean(perp);
        out[c++] = aAbs / p;
        out[c++] = heavy / p;
        out[c++] = output > 0 ? heavyOutput / output : 0;
        out[c++] = ge.loss();
        out[c++] = ge.error();
        out[c++] = ge.maxAbsOutput();
        out[c++] = test.loss();
        out[c++] = test.error();
        out[c++] = test.errorStandardError();
        out[c++] = test.maxAbsOutput();
        out[c++] = test.error() - ge.error();
        System.arraycopy(sig, 0, out, c, p);
        System.arraycopy(opp, 0, out, c + p, p);
        System.arraycopy(perp, 0, out, c + 2 * p, p);
    }

    /** Per-neuron |w_sig|, |w_opp|, |w_⊥| from Q (p×p), M (p×2) and a. */
    public static void neurons(double[] q, double[] m, double[] a, double[] sig, double[] opp, double[] perp) {
        int p = a.length;
        for (int j = 0; j < p; j++) {
            double m1 = m[2 * j];
            double m2 = m[2 * j + 1];
            double u = Math.abs(m1 - m2) / Math.sqrt(2);
            double v = Math.abs(m1 + m2) / Math.sqrt(2);
            sig[j] = a[j] >= 0 ? u : v;
            opp[j] = a[j] >= 0 ? v : u;
            perp[j] = Math.sqrt(Math.max(0, q[j * p + j] - m1 * m1 - m2 * m2));
        }
    }

    /** E[relu(λ)] with λ = m1 x_i + m2 x_j + σ Z, averaged over the 4 sign patterns: μΦ(μ/σ) + σφ(μ/σ). */
    static double meanRelu(double m1, double m2, double sigma) {
        double sum = 0;
        for (int pattern = 0; pattern < 4; pattern++) {
            double mu = ((pattern & 1) == 0 ? m1 : -m1) + ((pattern & 2) == 0 ? m2 : -m2);
            sum += sigma == 0 ? Math.max(mu, 0)
                    : mu * NORMAL.cumulativeProbability(mu / sigma) + sigma * NORMAL.density(mu / sigma);
        }
        return sum / 4;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}

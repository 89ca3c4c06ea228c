package dev.overlap.overlaps;

import dev.overlap.experiment.Models;
import dev.overlap.TestModels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.engine.Weights;
import dev.overlap.linalg.Vectors;
import dev.overlap.problem.Problem;
import dev.overlap.modelfile.ModelLoader;
import dev.overlap.modelfile.ModelSpec;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Population values of the XOR network on the hypercube: exact enumeration of all 2^(d−2) free
 * coordinates against the test-set estimate, and the Gaussian-equivalent value against the exact one.
 */
class HypercubeRiskTest {
    private static final String MODEL = """
            inputs: rademacher
            d: %d
            teacher: {target: xor}
            student: {p: 6, activation: relu, readout: sum, second-layer: trained, preactivation: raw}
            training: {loss: logistic, loss-prefactor: 2, learning-rate: 0.1}
            initial: {kind: balanced, scale: 1, seed: 1}
            run: {t-max: 1, time-unit: steps}
            """;

    /**
     * A network part-way through learning: the signal coordinates carry ±s along μ₁ or μ₂, the rest
     * i.i.d. N(0, 1/d) so the orthogonal fields have variance ~1, comparable to the signal.
     */
    private static Weights network(Problem problem, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = problem.d();
        double[][] w = new double[problem.p()][d];
        double[] a = new double[problem.p()];
        for (int j = 0; j < w.length; j++) {
            for (int l = 2; l < d; l++) {
                w[j][l] = gaussian(rng) / Math.sqrt(d);
            }
            double s = 0.5 + rng.nextDouble();
            boolean mu1 = j % 2 == 0;
            w[j][0] = s;
            w[j][1] = mu1 ? -s : s;
            a[j] = mu1 ? 1 : -1;
        }
        double[][] teacher = new double[2][d];
        teacher[0][0] = Math.sqrt(d);
        teacher[1][1] = Math.sqrt(d);
        return new Weights(w, teacher, a, 1.0);
    }

    private static Problem problem(int d) {
        ModelSpec spec = ModelLoader.parse("xor-test", "xor-test", MODEL.formatted(d), Map.of());
        return TestModels.problem(spec);
    }

    /**
     * Rows with deferred scales (row j = c_j·u_j) are evaluated as the rows they stand for: the loss to 1e-12
     * (u_j = w_j/c_j times c_j is w_j up to an ulp, and the loss sums 2^12 patterns of O(1) terms), the error
     * exactly; ignoring the scales moves the loss by far more.
     */
    @Test
    void rowScalesAreApplied() {
        Problem problem = problem(12);
        Weights net = network(problem, 12);
        double[][] u = new double[net.student().length][];
        double[] c = new double[u.length];
        for (int j = 0; j < u.length; j++) {
            c[j] = 0.5 + 0.3 * j;
            u[j] = net.student()[j].clone();
            Vectors.scale(1 / c[j], u[j]);
        }
        HypercubeRisk testSet = HypercubeRisk.enumerate(problem);
        Performance plain = testSet.evaluate(net.student(), net.a());
        Performance scaled = testSet.watching(u, c).evaluate(net.a());
        assertEquals(plain.loss(), scaled.loss(), 1e-12);
        assertEquals(plain.error(), scaled.error(), 0.0);
        Performance unscaled = testSet.evaluate(u, net.a());
        assertTrue(Math.abs(unscaled.loss() - plain.loss()) > 1e-3, "ignoring the scales changes the loss");
    }

    /** The test-set estimate is unbiased for the enumerated value: within 4 of its standard errors (fixed seeds). */
    @Test
    void testSetAgreesWithEnumerationWithinItsStandardError() {
        for (int d : new int[] {8, 12, 16}) {
            Problem problem = problem(d);
            Weights net = network(problem, d);
            Performance exact = HypercubeRisk.enumerate(problem).evaluate(net.student(), net.a());
            Performance sample = HypercubeRisk.sample(problem, 3000, 11).evaluate(net.student(), net.a());
            assertEquals(0, exact.errorStandardError());
            assertTrue(exact.error() > 0.02, "the network makes errors, so the comparison has power: " + exact.error());
            assertEquals(exact.error(), sample.error(), 4 * sample.errorStandardError(),
                    "d = " + d + ": test set " + sample.error() + " +- " + sample.errorStandardError());
        }
    }

    /**
     * The Gaussian-equivalent error (orthogonal fields Gaussian) approaches the exact hypercube error as
     * the orthogonal field becomes a sum of more ±1 terms: the mean |gap| over 30 random networks falls
     * from d = 8 to 12 to 16 (with these fixed seeds 0.0049, 0.0014, 0.0012; the 2^14-point QMC error, ~1e-4, is below the steps).
     */
    @Test
    void gaussianEquivalentGapShrinksWithD() {
        double[] gaps = new double[3];
        int[] dims = {8, 12, 16};
        for (int i = 0; i < dims.length; i++) {
            Problem problem = problem(dims[i]);
            for (int net = 0; net < 30; net++) {
                Weights w = network(problem, 1000L * dims[i] + net);
                OverlapState o = w.overlaps();
                QmcRisk ge = new QmcRisk(problem.p(), 2, problem.rule(), o.teacherArray(), true, 1 << 14);
                double exact = HypercubeRisk.enumerate(problem).evaluate(w.student(), w.a()).error();
                gaps[i] += Math.abs(ge.error(o.qArray(), o.mArray(), o.aArray()) - exact) / 30;
            }
        }
        System.out.printf("mean |GE - exact| test error at d = 8, 12, 16: %.4f, %.4f, %.4f%n", gaps[0], gaps[1], gaps[2]);
        assertTrue(gaps[0] > gaps[1] && gaps[1] > gaps[2], "gap must shrink with d: " + java.util.Arrays.toString(gaps));
    }

    private static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}

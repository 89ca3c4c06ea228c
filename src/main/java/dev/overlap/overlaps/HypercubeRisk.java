package dev.overlap.overlaps;

import dev.overlap.problem.Problem;
import dev.overlap.problem.UpdateRule;
import dev.overlap.linalg.Vectors;
import java.util.SplittableRandom;

/**
 * Loss, error and output scale of the full network on hypercube inputs, from its weights: the teacher
 * bits x_{i_r} run exactly over their 2^k patterns and the rest of each field, s·Σ_{l ∉ I} w_jl x_l,
 * over a fixed set of the other coordinates — a random test set, or every configuration for small d
 * (then the result is the exact population value). Immutable; safe to share between threads.
 */
public final class HypercubeRisk {
    /** Enumeration is offered up to this many free coordinates (2^20 configurations). */
    public static final int MAX_ENUMERATED = 20;

    private final UpdateRule rule;
    private final int[] coords;
    private final double fieldScale;
    /** One row per configuration of the free coordinates, teacher coordinates zero. */
    private final double[][] rest;
    private final boolean exact;

    private HypercubeRisk(Problem problem, double[][] rest, boolean exact) {
        this.rule = problem.rule();
        this.coords = problem.teacherCoordinates();
        this.fieldScale = problem.fieldScale();
        this.rest = rest;
        this.exact = exact;
        if (coords.length == 0) {
            throw new IllegalArgumentException("a hypercube test set needs Rademacher inputs");
        }
    }

    /** A test set of n uniform hypercube inputs drawn from {@code seed}. */
    public static HypercubeRisk sample(Problem problem, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] rest = new double[n][problem.d()];
        for (double[] z : rest) {
            for (int i = 0; i < z.length; i++) {
                z[i] = rng.nextBoolean() ? 1 : -1;
            }
        }
        return new HypercubeRisk(problem, zeroTeacher(problem, rest), false);
    }

    /** All 2^(d−k) configurations of the free coordinates: the exact population values. */
    public static HypercubeRisk enumerate(Problem problem) {
        int free = problem.d() - problem.k();
        if (free > MAX_ENUMERATED) {
            throw new IllegalArgumentException("enumeration needs d - k <= " + MAX_ENUMERATED + ", got " + free);
        }
        int[] coords = problem.teacherCoordinates();
        int[] freeCoords = new int[free];
        for (int i = 0, c = 0; i < problem.d(); i++) {
            final int index = i;
            if (java.util.Arrays.stream(coords).noneMatch(t -> t == index)) {
                freeCoords[c++] = i;
            }
        }
        double[][] rest = new double[1 << free][problem.d()];
        for (int config = 0; config < rest.length; config++) {
            for (int b = 0; b < free; b++) {
                rest[config][freeCoords[b]] = ((config >> b) & 1) == 0 ? 1 : -1;
            }
        }
        return new HypercubeRisk(problem, rest, true);
    }

    private static double[][] zeroTeacher(Problem problem, double[][] rest) {
        for (double[] z : rest) {
            for (int c : problem.teacherCoordinates()) {
                z[c] = 0;
            }
        }
        return rest;
    }

    public int size() {
        return rest.length;
    }

    /**
     * This test set watching a network that an engine trains in place, its row j being
     * {@code liveScale[j]·liveRows[j]}: both arrays are read at every evaluation, never written.
     */
    public Probe watching(double[][] liveRows, double[] liveScale) {
        return new Probe(this, liveRows, liveScale);
    }

    /** A test set bound to the rows (row j = scale[j]·rows[j]) of a network in training. */
    public record Probe(HypercubeRisk testSet, double[][] rows, double[] scale) {
        /** The network's performance now, with second layer {@code a}. */
        public Performance evaluate(double[] a) {
            return testSet.evaluate(rows, scale, a);
        }
    }

    /**
     * Evaluates the network with rows {@code student} (p×d) and second layer {@code a}. The error's
     * standard error is over the test inputs (each averaged over the 2^k patterns); 0 when exact.
     */
    public Performance evaluate(double[][] student, double[] a) {
        double[] ones = new double[student.length];
        java.util.Arrays.fill(ones, 1.0);
        return evaluate(student, ones, a);
    }

    /** As {@link #evaluate(double[][], double[])} for the rows rowScale[j]·student[j]. */
    public Performance evaluate(double[][] student, double[] rowScale, double[] a) {
        int p = student.length;
        int k = coords.length;
        double[] orthogonal = new double[p];
        double[] lambda = new double[p];
        double[] nu = new double[k];
        int patterns = 1 << k;
        double loss = 0;
        double error = 0;
        double error2 = 0;
        double maxAbs = 0;
        double[] scale = new double[p];
        for (int j = 0; j < p; j++) {
            scale[j] = fieldScale * rowScale[j];
        }
        for (double[] z : rest) {
            for (int j = 0; j < p; j++) {
                orthogonal[j] = scale[j] * Vectors.dot(student[j], z);
            }
            double wrong = 0;
            for (int pattern = 0; pattern < patterns; pattern++) {
                FieldQuadrature.signPattern(pattern, nu);
                for (int j = 0; j < p; j++) {
                    double v = orthogonal[j];
                    for (int r = 0; r < k; r++) {
                        v += scale[j] * student[j][coords[r]] * nu[r];
                    }
                    lambda[j] = v;
                }
                double y = rule.label(nu, 0);
                double yHat = rule.predict(lambda, a);
                loss += rule.loss().value(yHat, y);
                wrong += yHat * y <= 0 ? 1 : 0;
                maxAbs = Math.max(maxAbs, Math.abs(yHat));
            }
            wrong /= patterns;
            error += wrong;
            error2 += wrong * wrong;
        }
        int n = rest.length;
        double meanError = error / n;
        double se = exact || n < 2 ? 0 : Math.sqrt(Math.max(0, error2 / n - meanError * meanError) / (n - 1));
        return new Performance(loss / (n * patterns), meanError, maxAbs, se);
    }
}

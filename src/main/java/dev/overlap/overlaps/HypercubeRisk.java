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
     * {@code liveScale[j]·liveRows[j]}: both arrays are read, never written. The engine reports every change
     * to the stored rows ({@link Probe#added}, {@link Probe#scaled}), which the probe follows incrementally.
     */
    public Probe watching(double[][] liveRows, double[] liveScale) {
        return new Probe(this, liveRows, liveScale);
    }

    /**
     * A test set bound to the rows (row j = scale[j]·rows[j]) of a network in training. It keeps the free
     * coordinates' part of every field, z_i·rows[j] (n×p), and follows a rank-one change of the rows in
     * n·(d + p) operations instead of recomputing n·p·d: at the small batches of a sample-complexity grid
     * (B ≪ p) the test error, which the exit detector reads after every step, would otherwise cost p/B times
     * the step itself. Past the break-even (more than p·d/(d + p) rank-one changes between two evaluations, as at
     * a large batch) it recomputes at the evaluation instead, and does not follow the next interval's changes
     * either unless this one had fewer. After {@link #REFRESH} followed changes it recomputes the fields and checks
     * the followed ones against them: round-off cannot accumulate (each change adds a relative 10⁻¹⁶), and a
     * change the engine did not report (which would leave every later test error wrong) stops the run instead.
     * Not thread-safe: one run's.
     */
    public static final class Probe {
        static final int REFRESH = 4096;
        private final HypercubeRisk testSet;
        private final double[][] rows;
        private final double[] scale;
        private final double[][] dots;
        private final double breakEven;
        /** dots do not hold the rows' current values */
        private boolean stale = true;
        /** whether changes are followed (the last interval between evaluations was below the break-even) */
        private boolean follow = true;
        private int pending;
        private int followed;

        private Probe(HypercubeRisk testSet, double[][] rows, double[] scale) {
            this.testSet = testSet;
            this.rows = rows;
            this.scale = scale;
            int p = rows.length;
            int d = rows[0].length;
            this.dots = new double[testSet.rest.length][p];
            this.breakEven = (double) p * d / (d + p);
        }

        /** The stored rows changed: rows[j] += coefficients[j]·x for every j. */
        public void added(double[] coefficients, double[] x) {
            pending++;
            if (stale) {
                return;
            }
            if (!follow || pending > breakEven) {
                stale = true; // cheaper to recompute at the next evaluation
                return;
            }
            followed++;
            for (int i = 0; i < dots.length; i++) {
                double zx = Vectors.dot(testSet.rest[i], x);
                if (zx != 0) {
                    Vectors.axpy(zx, coefficients, dots[i]);
                }
            }
        }

        /** The stored row j was multiplied by {@code factor}. */
        public void scaled(int j, double factor) {
            if (!stale) {
                for (double[] z : dots) {
                    z[j] *= factor;
                }
            }
        }

        /** The network's performance now, with second layer {@code a}. */
        public Performance evaluate(double[] a) {
            return testSet.evaluate(current(), rows, scale, a, true);
        }

        /** Its classification error now (as {@link #evaluate}, without the loss's logarithms). */
        public double error(double[] a) {
            return testSet.evaluate(current(), rows, scale, a, false).error();
        }

        private double[][] current() {
            if (stale) {
                testSet.freeDots(rows, dots);
                stale = false;
                followed = 0;
            } else if (followed >= REFRESH) {
                refresh();
            }
            follow = pending <= breakEven;
            pending = 0;
            return dots;
        }

        /** Recomputes the fields, after checking that the followed ones agree with them (to 10⁻⁸ of the largest). */
        private void refresh() {
            double[][] fresh = new double[dots.length][rows.length];
            testSet.freeDots(rows, fresh);
            double largest = 0;
            double off = 0;
            for (int i = 0; i < dots.length; i++) {
                for (int j = 0; j < rows.length; j++) {
                    largest = Math.max(largest, Math.abs(fresh[i][j]));
                    off = Math.max(off, Math.abs(fresh[i][j] - dots[i][j]));
                }
                System.arraycopy(fresh[i], 0, dots[i], 0, rows.length);
            }
            followed = 0;
            if (off > 1e-8 * largest) {
                throw new IllegalStateException("the test set's followed fields are " + off + " away from the rows' ("
                        + "largest " + largest + "): a change to the rows was not reported to the observer");
            }
        }
    }

    /** dots[i][j] = rest[i]·student[j]: the free coordinates' part of every field, before scales. */
    private void freeDots(double[][] student, double[][] dots) {
        for (int i = 0; i < rest.length; i++) {
            for (int j = 0; j < student.length; j++) {
                dots[i][j] = Vectors.dot(student[j], rest[i]);
            }
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
        double[][] dots = new double[rest.length][student.length];
        freeDots(student, dots);
        return evaluate(dots, student, rowScale, a, true);
    }

    /** The performance from the free coordinates' dots (n×p); the loss only {@code withLoss} (else NaN). */
    private Performance evaluate(double[][] dots, double[][] student, double[] rowScale, double[] a, boolean withLoss) {
        int p = student.length;
        int k = coords.length;
        int patterns = 1 << k;
        double[] scale = new double[p];
        for (int j = 0; j < p; j++) {
            scale[j] = fieldScale * rowScale[j];
        }
        // the teacher coordinates' part of every field and the label, per sign pattern: the same for every input
        double[][] shift = new double[patterns][p];
        double[] label = new double[patterns];
        double[] nu = new double[k];
        for (int pattern = 0; pattern < patterns; pattern++) {
            FieldQuadrature.signPattern(pattern, nu);
            for (int j = 0; j < p; j++) {
                double v = 0;
                for (int r = 0; r < k; r++) {
                    v += scale[j] * student[j][coords[r]] * nu[r];
                }
                shift[pattern][j] = v;
            }
            label[pattern] = rule.label(nu, 0);
        }
        double[] orthogonal = new double[p];
        double[] lambda = new double[p];
        double loss = 0;
        double error = 0;
        double error2 = 0;
        double maxAbs = 0;
        for (double[] z : dots) {
            for (int j = 0; j < p; j++) {
                orthogonal[j] = scale[j] * z[j];
            }
            double wrong = 0;
            for (int pattern = 0; pattern < patterns; pattern++) {
                double[] t = shift[pattern];
                for (int j = 0; j < p; j++) {
                    lambda[j] = orthogonal[j] + t[j];
                }
                double y = label[pattern];
                double yHat = rule.predict(lambda, a);
                if (withLoss) {
                    loss += rule.loss().value(yHat, y);
                }
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
        return new Performance(withLoss ? loss / (n * patterns) : Double.NaN, meanError, maxAbs, se);
    }
}

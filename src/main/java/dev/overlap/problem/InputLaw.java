package dev.overlap.problem;

import dev.overlap.linalg.Vectors;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The law of one input x ∈ ℝ^d, and what it makes of the reduced dynamics: whether the teacher fields
 * are Gaussian or exactly ±1, and the law of |x|² given the part of x in the span of the weights.
 */
public sealed interface InputLaw permits InputLaw.Gaussian, InputLaw.Rademacher {
    /** Fills {@code x} with a fresh input and returns |x|². */
    double sample(RandomGenerator rng, double[] x);

    /**
     * Fills {@code x} with a fresh input, sets {@code dots[r] = rows[r]·x} for every row, and returns
     * |x|². Laws override it to project while they draw.
     */
    default double sample(RandomGenerator rng, double[] x, double[][] rows, double[] dots) {
        double norm2 = sample(rng, x);
        for (int r = 0; r < rows.length; r++) {
            dots[r] = Vectors.dot(rows[r], x);
        }
        return norm2;
    }

    /** Whether the teacher fields ν_r are exactly ±1 (hypercube inputs, teacher rows on coordinates). */
    boolean signTeacherFields();

    /**
     * |x|² of one input of the reduced dynamics, given {@code inSpan} = |g|², the squared norm of its part
     * in the span of the rank-r weight rows: |g|² + χ²_{d−r} for Gaussian inputs, exactly d on the hypercube.
     */
    double squaredNorm(RandomGenerator rng, double inSpan, int d, int rank);

    /** What the reduced engines' law of the fields is for these inputs, in one phrase. */
    String reducedLaw();

    /** x ~ N(0, I_d). */
    Gaussian GAUSSIAN = new Gaussian();

    /** x uniform on {±1}^d, with the teacher rows √d·e_i at the given 0-based coordinates. */
    static Rademacher rademacher(int[] teacherCoordinates) {
        return new Rademacher(teacherCoordinates);
    }

    /**
     * Standard Gaussian inputs. For two rows the projection is fused into the drawing loop, where the
     * sampler's latency hides the accumulations (measured with {@code overlap bench}).
     */
    final class Gaussian implements InputLaw {
        private Gaussian() {
        }

        @Override
        public double sample(RandomGenerator rng, double[] x) {
            double norm2 = 0;
            for (int i = 0; i < x.length; i++) {
                double v = rng.nextGaussian();
                x[i] = v;
                norm2 += v * v;
            }
            return norm2;
        }

        @Override
        public double sample(RandomGenerator rng, double[] x, double[][] rows, double[] dots) {
            // Fusing pays for two rows (p = k = 1: 1.53x -> 1.47x the draws at d = 3000); with more rows
            // the inner row loop costs more than separate four-accumulator passes (p = 8: 2.8x -> 3.9x).
            return rows.length == 2 ? sampleTwo(rng, x, rows[0], rows[1], dots)
                    : rows.length == 1 ? sampleOne(rng, x, rows[0], dots)
                    : InputLaw.super.sample(rng, x, rows, dots);
        }

        /** One row (the k = 1 teacher while sgd projects the student rows itself). */
        private static double sampleOne(RandomGenerator rng, double[] x, double[] w0, double[] dots) {
            double norm2 = 0;
            double s0 = 0;
            for (int i = 0; i < x.length; i++) {
                double v = rng.nextGaussian();
                x[i] = v;
                norm2 += v * v;
                s0 += w0[i] * v;
            }
            dots[0] = s0;
            return norm2;
        }

        /** The common p + k = 2 case with the accumulators in registers. */
        private static double sampleTwo(RandomGenerator rng, double[] x, double[] w0, double[] w1, double[] dots) {
            double norm2 = 0;
            double s0 = 0;
            double s1 = 0;
            for (int i = 0; i < x.length; i++) {
                double v = rng.nextGaussian();
                x[i] = v;
                norm2 += v * v;
                s0 += w0[i] * v;
                s1 += w1[i] * v;
            }
            dots[0] = s0;
            dots[1] = s1;
            return norm2;
        }

        @Override
        public boolean signTeacherFields() {
            return false;
        }

        @Override
        public double squaredNorm(RandomGenerator rng, double inSpan, int d, int rank) {
            return inSpan + ChiSquare.sample(rng, d - rank);
        }

        @Override
        public String reducedLaw() {
            return "exact: the fields are Gaussian given the overlaps";
        }
    }

    /** x uniform on {±1}^d, 64 coordinates per random long; |x|² = d exactly. */
    final class Rademacher implements InputLaw {
        private final int[] teacherCoordinates;

        private Rademacher(int[] teacherCoordinates) {
            this.teacherCoordinates = teacherCoordinates.clone();
        }

        /** The coordinates i_r carrying the teacher rows w*_r = √d·e_{i_r}. */
        public int[] teacherCoordinates() {
            return teacherCoordinates.clone();
        }

        @Override
        public double sample(RandomGenerator rng, double[] x) {
            long bits = 0;
            for (int i = 0; i < x.length; i++) {
                if ((i & 63) == 0) {
                    bits = rng.nextLong();
                }
                x[i] = (bits & 1L) == 0 ? 1.0 : -1.0;
                bits >>>= 1;
            }
            return x.length;
        }

        @Override
        public boolean signTeacherFields() {
            return true;
        }

        @Override
        public double squaredNorm(RandomGenerator rng, double inSpan, int d, int rank) {
            return d;
        }

        @Override
        public String reducedLaw() {
            return "Gaussian-equivalent: teacher coordinates exact +-1, the rest of each field Gaussian";
        }

        @Override
        public String toString() {
            return "Rademacher" + Arrays.toString(teacherCoordinates);
        }
    }
}

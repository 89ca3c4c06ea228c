package dev.overlap.problem;

import java.util.random.RandomGenerator;

/** The law of one input x ∈ ℝ^d. */
public interface InputLaw {
    /** Fills {@code x} with a fresh input and returns |x|². */
    double sample(RandomGenerator rng, double[] x);

    /** x ~ N(0, I_d). */
    InputLaw GAUSSIAN = (rng, x) -> {
        double norm2 = 0;
        for (int i = 0; i < x.length; i++) {
            double v = rng.nextGaussian();
            x[i] = v;
            norm2 += v * v;
        }
        return norm2;
    };

    /** x uniform on {±1}^d, 64 coordinates per random long; |x|² = d exactly. */
    InputLaw RADEMACHER = (rng, x) -> {
        long bits = 0;
        for (int i = 0; i < x.length; i++) {
            if ((i & 63) == 0) {
                bits = rng.nextLong();
            }
            x[i] = (bits & 1L) == 0 ? 1.0 : -1.0;
            bits >>>= 1;
        }
        return x.length;
    };
}

package dev.overlap.problem;

import java.util.random.RandomGenerator;

/**
 * χ²_n draws for the hot loops of the chain and the initial overlaps, as 2·Gamma(n/2) by Marsaglia and Tsang's squeeze method (one
 * Gaussian and one uniform per draw, acceptance above 95 % for n ≥ 2). Hand-written because
 * commons-math3's gamma sampler takes its own generator type and allocates; the chain draws one of
 * these per step.
 */
public final class ChiSquare {
    private ChiSquare() {
    }

    public static double sample(RandomGenerator rng, double dof) {
        return 2 * gamma(rng, dof / 2);
    }

    /** Gamma(shape, 1); shapes below 1 by Gamma(shape + 1)·U^{1/shape}. */
    static double gamma(RandomGenerator rng, double shape) {
        if (shape < 1) {
            return gamma(rng, shape + 1) * Math.pow(rng.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            double x2 = x * x;
            if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}

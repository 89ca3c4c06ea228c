package dev.overlap.problem;

import org.apache.commons.math3.special.Erf;

/** The activations a model file can name. */
public enum StandardActivation implements Activation {
    SQUARE(2) {
        public double value(double z) { return z * z; }
        public double derivative(double z) { return 2 * z; }
    },
    /** σ(z) = erf(z/√2), the Saad–Solla convention, so that σ' is the standard Gaussian density × 2. */
    ERF(-1) {
        public double value(double z) { return Erf.erf(z * INV_SQRT2); }
        public double derivative(double z) { return SQRT_2_OVER_PI * Math.exp(-0.5 * z * z); }
    },
    /** ReLU; its derivative at 0 is taken as 0. */
    RELU(-1) {
        public double value(double z) { return Math.max(z, 0.0); }
        public double derivative(double z) { return z > 0 ? 1 : 0; }
    },
    TANH(-1) {
        public double value(double z) { return Math.tanh(z); }
        public double derivative(double z) {
            double t = Math.tanh(z);
            return 1 - t * t;
        }
    },
    /** Third Hermite polynomial z³ − 3z (information exponent 3). */
    HE3(3) {
        public double value(double z) { return z * (z * z - 3); }
        public double derivative(double z) { return 3 * (z * z - 1); }
    },
    LINEAR(1) {
        public double value(double z) { return z; }
        public double derivative(double z) { return 1; }
    };

    private static final double INV_SQRT2 = 1 / Math.sqrt(2);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    private final int degree;

    StandardActivation(int degree) {
        this.degree = degree;
    }

    @Override
    public int polynomialDegree() {
        return degree;
    }
}

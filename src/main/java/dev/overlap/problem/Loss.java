package dev.overlap.problem;

/** A per-sample loss ℓ(ŷ, y) and its derivative e = ∂ℓ/∂ŷ. */
public interface Loss {
    double value(double prediction, double label);

    double derivative(double prediction, double label);

    /** ½(ŷ − y)², times {@code prefactor}. */
    static Loss square(double prefactor) {
        return new Loss() {
            public double value(double yHat, double y) {
                double r = yHat - y;
                return 0.5 * prefactor * r * r;
            }

            public double derivative(double yHat, double y) {
                return prefactor * (yHat - y);
            }
        };
    }

    /** log(1 + e^{−yŷ}) for labels ±1, times {@code prefactor} ([XOR] uses 2). Evaluated without overflow. */
    static Loss logistic(double prefactor) {
        return new Loss() {
            public double value(double yHat, double y) {
                double z = -y * yHat;
                return prefactor * (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
            }

            public double derivative(double yHat, double y) {
                double z = -y * yHat;
                double sigmoid = z > 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
                return -prefactor * y * sigmoid;
            }
        };
    }
}

package dev.overlap.problem;

/** A per-sample loss ℓ(ŷ, y), times a prefactor, and its derivative e = ∂ℓ/∂ŷ. */
public sealed interface Loss permits Loss.Square, Loss.Logistic {
    double value(double prediction, double label);

    double derivative(double prediction, double label);

    /** The factor multiplying the loss ([XOR] uses 2 for the logistic loss). */
    double prefactor();

    /** ½(ŷ − y)², times {@code prefactor}. */
    static Loss square(double prefactor) {
        return new Square(prefactor);
    }

    /** log(1 + e^{−yŷ}) for labels ±1, times {@code prefactor}. */
    static Loss logistic(double prefactor) {
        return new Logistic(prefactor);
    }

    /** ½(ŷ − y)², times the prefactor. */
    record Square(double prefactor) implements Loss {
        @Override
        public double value(double yHat, double y) {
            double r = yHat - y;
            return 0.5 * prefactor * r * r;
        }

        @Override
        public double derivative(double yHat, double y) {
            return prefactor * (yHat - y);
        }
    }

    /** log(1 + e^{−yŷ}) for labels ±1, times the prefactor; evaluated without overflow. */
    record Logistic(double prefactor) implements Loss {
        @Override
        public double value(double yHat, double y) {
            double z = -y * yHat;
            return prefactor * (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
        }

        @Override
        public double derivative(double yHat, double y) {
            double z = -y * yHat;
            double sigmoid = z > 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
            return -prefactor * y * sigmoid;
        }
    }
}

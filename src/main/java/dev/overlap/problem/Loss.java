package dev.overlap.problem;

/** A per-sample loss ℓ(ŷ, y), times a prefactor, and its derivative e = ∂ℓ/∂ŷ. */
public sealed interface Loss permits Loss.Square, Loss.Logistic {
    double value(double prediction, double label);

    double derivative(double prediction, double label);

    /** The factor multiplying the loss ([XOR] uses 2 for the logistic loss). */
    double prefactor();

    /** e₀(y) = ∂ℓ/∂ŷ at ŷ = 0: with {@link #curvatureAtZero} the loss derivative linearised in a small output. */
    double derivativeAtZero(double label);

    /** e₁(y) = ∂²ℓ/∂ŷ² at ŷ = 0, so that ∂ℓ/∂ŷ = e₀ + e₁ŷ + O(ŷ²). */
    double curvatureAtZero(double label);

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

        @Override
        public double derivativeAtZero(double y) {
            return -prefactor * y;
        }

        @Override
        public double curvatureAtZero(double y) {
            return prefactor;
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

        /** −y·S(0) with S the logistic function. */
        @Override
        public double derivativeAtZero(double y) {
            return -prefactor * y / 2;
        }

        /** y²·S'(0): the remainder is O(ŷ³) for labels ±1, since S(z) − ½ − z/4 is odd. */
        @Override
        public double curvatureAtZero(double y) {
            return prefactor * y * y / 4;
        }
    }
}

package dev.overlap.problem;

/** The noiseless label as a function of the k teacher fields ν (the link g of docs/theory.md §1). */
public sealed interface Teacher permits Teacher.Committee, Teacher.Xor {
    double label(double[] nu);

    /** Number of teacher rows. */
    int k();

    /** Degree of g as a polynomial in ν (Gauss–Hermite is exact at enough points), or −1. */
    int polynomialDegree();

    /** y = (1/k) Σ_r σ*(ν_r). */
    static Teacher committee(Activation activation, int k) {
        return new Committee(activation, k);
    }

    /** y = −ν₁ν₂. */
    static Teacher xor() {
        return new Xor();
    }

    /** y = (1/k) Σ_r σ*(ν_r): a single-index target when k = 1. */
    record Committee(Activation activation, int k) implements Teacher {
        @Override
        public double label(double[] nu) {
            double s = 0;
            for (int r = 0; r < k; r++) {
                s += activation.value(nu[r]);
            }
            return s / k;
        }

        @Override
        public int polynomialDegree() {
            return activation.polynomialDegree();
        }
    }

    /** y = −ν₁ν₂: on the hypercube ν_r = x_{i_r} = ±1, so y = +1 iff the two bits differ. */
    record Xor() implements Teacher {
        @Override
        public double label(double[] nu) {
            return -nu[0] * nu[1];
        }

        @Override
        public int k() {
            return 2;
        }

        @Override
        public int polynomialDegree() {
            return 2;
        }
    }
}

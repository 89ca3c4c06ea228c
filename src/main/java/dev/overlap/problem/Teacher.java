package dev.overlap.problem;

/** The noiseless label as a function of the teacher fields ν (the link g of SCIENCE.md §1). */
public interface Teacher {
    double label(double[] nu);

    /** y = (1/k) Σ_r σ*(ν_r). */
    static Teacher committee(Activation activation, int k) {
        return nu -> {
            double s = 0;
            for (int r = 0; r < k; r++) {
                s += activation.value(nu[r]);
            }
            return s / k;
        };
    }

    /** y = −ν₁ν₂: on the hypercube ν_r = x_{i_r} = ±1, so y = +1 iff the two bits differ. */
    static Teacher xor() {
        return nu -> -nu[0] * nu[1];
    }
}

package dev.overlap.theory;

/** A diffusion dY = b(Y)dt + D(Y)^{1/2} dW in a few coordinates: what a backward Kolmogorov solver needs of it. */
public interface Diffusion {
    /** The number of coordinates n. */
    int dimension();

    /** Writes the drift b (n) and the diffusion matrix D (n×n, row-major, symmetric) per unit time at y. */
    void coefficients(double[] y, double[] b, double[] d);
}

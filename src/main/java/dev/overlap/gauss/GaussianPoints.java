package dev.overlap.gauss;

/** A weighted point set for the standard normal law in {@link #dimension()} dimensions: E[f(g)] ≈ Σ_i w_i f(g_i). */
public interface GaussianPoints {
    int dimension();

    int size();

    double weight(int i);

    /** Point i; the array is shared, do not modify. */
    double[] point(int i);
}

package dev.overlap.problem;

/** A scalar activation σ with its derivative. */
public interface Activation {
    double value(double z);

    double derivative(double z);

    /** Degree if σ is a polynomial (so Gauss–Hermite is exact at enough points), else −1. */
    int polynomialDegree();
}

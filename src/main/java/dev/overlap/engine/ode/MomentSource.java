package dev.overlap.engine.ode;

/** Computes the {@link IncrementMoments} of one sample at given overlaps Q (p×p), M (p×k), a (p). */
public interface MomentSource {
    void compute(double[] q, double[] m, double[] a, IncrementMoments out);
}

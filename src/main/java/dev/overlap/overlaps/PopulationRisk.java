package dev.overlap.overlaps;

/**
 * The population risk as a function of the overlaps: E[ℓ(ŷ, g(ν))] against the noiseless teacher
 * label. For the square loss this is the excess risk E[ℓ] − Δ/2 (the noise floor removed), which is
 * the quantity [EM] plots as R − Δ/2. Arrays are row-major Q (p×p), M (p×k) and a (p); the teacher
 * Gram P is fixed by the problem.
 */
public interface PopulationRisk {
    double risk(double[] q, double[] m, double[] a);

    default double risk(OverlapState s) {
        return risk(s.qArray(), s.mArray(), s.aArray());
    }
}

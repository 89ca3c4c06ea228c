package dev.overlap.engine.ode;

/** The vector an ODE integrator moves: how overlaps (Q, M, a) and their drift map to it and back. */
public interface OdeCoordinates {
    int dimension();

    /** Writes the coordinates of the overlaps into x. */
    void pack(double[] q, double[] m, double[] a, double[] x);

    /** Rebuilds the overlaps (Q p×p, M p×k, a) from coordinates x. */
    void unpack(double[] x, double[] q, double[] m, double[] a);

    /** Writes the time derivative of the coordinates at (q, m) given the overlaps' drift (dq, dm, da). */
    void tangent(double[] q, double[] m, double[] dq, double[] dm, double[] da, double[] dx);

    /** Whether the drift must supply the off-diagonal entries of dQ. */
    boolean needsOffDiagonal();

    /** Whether the orthogonal parts of different fields stay independent, Q − M P⁻¹ Mᵀ diagonal, at every state. */
    default boolean independentOrthogonalFields() {
        return false;
    }
}

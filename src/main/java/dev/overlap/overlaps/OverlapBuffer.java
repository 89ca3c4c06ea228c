package dev.overlap.overlaps;

/**
 * The working overlaps of a running engine: Q (p×p), M (p×k), a (p), row-major, updated in place
 * every step without allocation. The teacher Gram P is fixed. Observers read it; only the engine
 * that owns it writes. An engine that trains the d-dimensional network attaches its rows, so that
 * observers can measure what overlaps cannot (a hypercube test set).
 */
public final class OverlapBuffer {
    public final int p;
    public final int k;
    public final double[] q;
    public final double[] m;
    public final double[] a;
    private final double[] teacher;
    private double[][] network;

    public OverlapBuffer(OverlapState start) {
        this.p = start.p();
        this.k = start.k();
        this.q = start.qArray();
        this.m = start.mArray();
        this.a = start.aArray();
        this.teacher = start.teacherArray();
    }

    /** Lets observers read the student rows W (p×d) the engine trains in place; never write them. */
    public void attachNetwork(double[][] student) {
        this.network = student;
    }

    /** The student rows of the full network, or null for a reduced engine. */
    public double[][] network() {
        return network;
    }

    public double risk(PopulationRisk risk) {
        return risk.risk(q, m, a);
    }

    public double maxAbsM() {
        double max = 0;
        for (double v : m) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /** False once any overlap or second-layer weight is NaN or infinite (the run diverged). */
    public boolean isFinite() {
        for (double v : q) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        for (double v : m) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    public OverlapState snapshot() {
        return new OverlapState(p, k, q, m, teacher, a);
    }
}

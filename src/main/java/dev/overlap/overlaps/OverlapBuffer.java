package dev.overlap.overlaps;

/**
 * The working overlaps of a running engine: Q (p×p), M (p×k), a (p), row-major, updated in place
 * every step without allocation. The teacher Gram P is fixed. Observers read it; only the engine
 * that owns it writes.
 */
public final class OverlapBuffer {
    public final int p;
    public final int k;
    public final double[] q;
    public final double[] m;
    public final double[] a;
    private final double[] teacher;

    public OverlapBuffer(OverlapState start) {
        this.p = start.p();
        this.k = start.k();
        this.q = start.qArray();
        this.m = start.mArray();
        this.a = start.aArray();
        this.teacher = start.teacherArray();
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

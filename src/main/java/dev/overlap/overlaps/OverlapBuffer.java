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
        return finite(q) && finite(m) && finite(a);
    }

    /**
     * {@link #isFinite} for engines whose Q is a Gram matrix by construction (sgd, chain), in O(p + pk)
     * instead of O(p²): the diagonal of Q, M and a. That is enough: |Q_jl| ≤ (Q_jj Q_ll)^{1/2}, and a
     * step's increments are products of its fields and error signals, a NaN among which reaches Q's
     * diagonal too.
     */
    public boolean isFiniteGram() {
        double diagonal = 0;
        for (int j = 0; j < p; j++) {
            diagonal += q[j * p + j] * 0.0;
        }
        return diagonal == 0 && finite(m) && finite(a);
    }

    /**
     * Whether every entry is finite, without a branch per entry (checked every step, O(p²)): v·0 is 0
     * for finite v and NaN otherwise, summed in four accumulators.
     */
    private static boolean finite(double[] v) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < v.length; i += 4) {
            s0 += v[i] * 0.0;
            s1 += v[i + 1] * 0.0;
            s2 += v[i + 2] * 0.0;
            s3 += v[i + 3] * 0.0;
        }
        for (; i < v.length; i++) {
            s0 += v[i] * 0.0;
        }
        return (s0 + s1) + (s2 + s3) == 0;
    }

    public OverlapState snapshot() {
        return new OverlapState(p, k, q, m, teacher, a);
    }
}

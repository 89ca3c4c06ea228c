package dev.overlap.overlaps;

import java.util.Arrays;

/**
 * An immutable snapshot of the order parameters: Q (p×p), M (p×k), the teacher Gram P (k×k) and
 * the second layer a (p), each stored row-major.
 */
public final class OverlapState {
    private final int p;
    private final int k;
    private final double[] q;
    private final double[] m;
    private final double[] teacher;
    private final double[] a;

    public OverlapState(int p, int k, double[] q, double[] m, double[] teacher, double[] a) {
        if (q.length != p * p || m.length != p * k || teacher.length != k * k || a.length != p) {
            throw new IllegalArgumentException("overlap arrays do not match p = " + p + ", k = " + k);
        }
        this.p = p;
        this.k = k;
        this.q = q.clone();
        this.m = m.clone();
        this.teacher = teacher.clone();
        this.a = a.clone();
    }

    public int p() {
        return p;
    }

    public int k() {
        return k;
    }

    public double q(int j, int l) {
        return q[j * p + l];
    }

    public double m(int j, int r) {
        return m[j * k + r];
    }

    public double teacher(int r, int s) {
        return teacher[r * k + s];
    }

    public double a(int j) {
        return a[j];
    }

    /** max_{j,r} |M_jr|. */
    public double maxAbsM() {
        double max = 0;
        for (double v : m) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    public double[] qArray() {
        return q.clone();
    }

    public double[] mArray() {
        return m.clone();
    }

    public double[] teacherArray() {
        return teacher.clone();
    }

    public double[] aArray() {
        return a.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OverlapState s && p == s.p && k == s.k && Arrays.equals(q, s.q) && Arrays.equals(m, s.m)
                && Arrays.equals(teacher, s.teacher) && Arrays.equals(a, s.a);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(q) * 31 + Arrays.hashCode(m);
    }

    @Override
    public String toString() {
        return "OverlapState[Q=" + Arrays.toString(q) + ", M=" + Arrays.toString(m) + ", a=" + Arrays.toString(a) + "]";
    }
}

package dev.overlap.engine.ode;

/** The overlaps as one vector for integrators: Q's upper triangle (j ≤ l, row by row), then M, then a. */
public record StateLayout(int p, int k) implements OdeCoordinates {

    @Override
    public int dimension() {
        return mOffset() + p * k + p;
    }

    /** Where M (p×k, row-major) starts: after Q's upper triangle. */
    public int mOffset() {
        return p * (p + 1) / 2;
    }

    @Override
    public void pack(double[] q, double[] m, double[] a, double[] x) {
        int c = 0;
        for (int j = 0; j < p; j++) {
            for (int l = j; l < p; l++) {
                x[c++] = q[j * p + l];
            }
        }
        System.arraycopy(m, 0, x, c, p * k); // c = mOffset()
        System.arraycopy(a, 0, x, c + p * k, p);
    }

    @Override
    public void unpack(double[] x, double[] q, double[] m, double[] a) {
        int c = 0;
        for (int j = 0; j < p; j++) {
            for (int l = j; l < p; l++) {
                q[j * p + l] = x[c];
                q[l * p + j] = x[c];
                c++;
            }
        }
        System.arraycopy(x, c, m, 0, p * k);
        System.arraycopy(x, c + p * k, a, 0, p);
    }

    @Override
    public void tangent(double[] q, double[] m, double[] dq, double[] dm, double[] da, double[] dx) {
        pack(dq, dm, da, dx);
    }

    @Override
    public boolean needsOffDiagonal() {
        return true;
    }
}

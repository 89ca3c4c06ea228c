package dev.overlap.engine;

import dev.overlap.linalg.Vectors;
import dev.overlap.overlaps.OverlapState;

/**
 * A network in d dimensions: student rows W (p×d), teacher rows W* (k×d, |w*_r|² = d), second layer a.
 * Row j of W is {@code rowScale[j]·student[j]}: an engine training in place may keep a scaling of a row there
 * instead of applying it to the d entries (the sgd engine's spherical projection), and folds it back into the
 * rows before it returns, so outside a run the scales are 1. Anything reading the rows during a run (a test
 * set watching the network) must apply them. Arrays are owned by this object; {@link #copy()} before handing
 * them to an engine that trains.
 *
 * @param fieldScale s: λ_j = s · w_j·x
 */
public record Weights(double[][] student, double[][] teacher, double[] a, double fieldScale, double[] rowScale) {

    /** A network whose rows are {@code student} as they stand (every row scale 1). */
    public Weights(double[][] student, double[][] teacher, double[] a, double fieldScale) {
        this(student, teacher, a, fieldScale, ones(student.length));
    }

    private static double[] ones(int p) {
        double[] c = new double[p];
        java.util.Arrays.fill(c, 1.0);
        return c;
    }

    public Weights copy() {
        double[][] w = new double[student.length][];
        for (int j = 0; j < w.length; j++) {
            w[j] = student[j].clone();
        }
        return new Weights(w, teacher, a.clone(), fieldScale, rowScale.clone());
    }

    /** Applies row j's deferred scale to its entries and resets it to 1. */
    public void fold(int j) {
        if (rowScale[j] != 1.0) {
            Vectors.scale(rowScale[j], student[j]);
            rowScale[j] = 1.0;
        }
    }

    /** The field covariances Q = s² W Wᵀ, M = s W W*ᵀ/√d, P = W* W*ᵀ/d, recomputed from the weights. */
    public OverlapState overlaps() {
        int p = student.length;
        int k = teacher.length;
        double sd = 1 / Math.sqrt(teacher[0].length);
        double[] q = new double[p * p];
        double[] m = new double[p * k];
        double[] pp = new double[k * k];
        for (int j = 0; j < p; j++) {
            for (int l = 0; l < p; l++) {
                q[j * p + l] = fieldScale * fieldScale * rowScale[j] * rowScale[l] * Vectors.dot(student[j], student[l]);
            }
            for (int r = 0; r < k; r++) {
                m[j * k + r] = fieldScale * sd * rowScale[j] * Vectors.dot(student[j], teacher[r]);
            }
        }
        for (int r = 0; r < k; r++) {
            for (int t = 0; t < k; t++) {
                pp[r * k + t] = sd * sd * Vectors.dot(teacher[r], teacher[t]);
            }
        }
        return new OverlapState(p, k, q, m, pp, a);
    }
}

package dev.overlap.engine;

import dev.overlap.linalg.Vectors;
import dev.overlap.overlaps.OverlapState;

/**
 * A network in d dimensions: student rows W (p×d), teacher rows W* (k×d, |w*_r|² = d), second layer a.
 * Arrays are owned by this object; {@link #copy()} before handing them to an engine that trains.
 *
 * @param fieldScale s: λ_j = s · w_j·x
 */
public record Weights(double[][] student, double[][] teacher, double[] a, double fieldScale) {

    public Weights copy() {
        double[][] w = new double[student.length][];
        for (int j = 0; j < w.length; j++) {
            w[j] = student[j].clone();
        }
        return new Weights(w, teacher, a.clone(), fieldScale);
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
                q[j * p + l] = fieldScale * fieldScale * Vectors.dot(student[j], student[l]);
            }
            for (int r = 0; r < k; r++) {
                m[j * k + r] = fieldScale * sd * Vectors.dot(student[j], teacher[r]);
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

package dev.overlap.overlaps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The diagonal fast path of the field law (mean-field coordinates: S = diag(|w_j⊥|²)) gives the fields the
 * general symmetric root gives: compared with an S whose off-diagonal entries are 1e-9, which takes the
 * general path and moves the fields by O(1e-9), within the 1e-8 tolerance; a wrong diagonal (the variant that
 * must fail: S's entries instead of their roots) misses by O(1).
 */
class FieldLawTest {
    @Test
    void diagonalConditionalCovarianceTakesTheShortcutExactly() {
        int p = 4;
        int k = 2;
        double[] teacher = {1, 0, 0, 1};
        double[] m = {0.3, -0.1, 0.0, 0.2, 0.5, 0.5, -0.2, 0.1};
        double[] s = {0.5, 0.8, 0.3, 1.2};
        double[] q = new double[p * p];
        double[] nearly = new double[p * p];
        for (int j = 0; j < p; j++) {
            for (int l = 0; l < p; l++) {
                double signal = m[j * k] * m[l * k] + m[j * k + 1] * m[l * k + 1];
                q[j * p + l] = signal + (j == l ? s[j] : 0);
                nearly[j * p + l] = q[j * p + l] + (j == l ? 0 : 1e-9);
            }
        }
        FieldLaw fast = new FieldLaw(p, k, teacher);
        FieldLaw general = new FieldLaw(p, k, teacher);
        fast.update(q, m);
        general.update(nearly, m);
        double[] g = {0.7, -1.3, 0.4, 2.1, -0.6, 1.1};
        double[] nu = new double[k];
        double[] a = new double[p];
        double[] b = new double[p];
        fast.teacherFields(g, 0, nu);
        fast.studentFields(nu, g, k, a);
        general.studentFields(nu, g, k, b);
        for (int j = 0; j < p; j++) {
            assertEquals(b[j], a[j], 1e-8, "lambda_" + j);
            double expected = m[j * k] * nu[0] + m[j * k + 1] * nu[1] + Math.sqrt(s[j]) * g[k + j];
            assertEquals(expected, a[j], 1e-12, "lambda_" + j + " = A nu + sqrt(s_j) z_j");
        }
    }
}

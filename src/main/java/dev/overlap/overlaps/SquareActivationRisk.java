package dev.overlap.overlaps;

/**
 * Closed-form risk for σ = σ* = square, a committee teacher and the square loss (docs/theory.md §7),
 * generalised to any second layer a and readout c: with E[u²v²] = c11 c22 + 2 c12²,
 * <pre>
 *   R/ℓ₀ = ½ [ c² Σ_jl a_j a_l (Q_jj Q_ll + 2 Q_jl²) − (2c/k) Σ_jr a_j (Q_jj P_rr + 2 M_jr²)
 *             + (1/k²) Σ_rs (P_rr P_ss + 2 P_rs²) ]
 * </pre>
 * with ℓ₀ the loss prefactor. It is a fast path of {@link SquareLossRisk}, and tested against it.
 */
public final class SquareActivationRisk implements PopulationRisk {
    private final int p;
    private final int k;
    private final double readout;
    private final double prefactor;
    private final double[] diagP;
    private final double teacherTerm;

    public SquareActivationRisk(int p, int k, double readout, double prefactor, double[] teacherGram) {
        this.p = p;
        this.k = k;
        this.readout = readout;
        this.prefactor = prefactor;
        this.diagP = new double[k];
        double tt = 0;
        for (int r = 0; r < k; r++) {
            diagP[r] = teacherGram[r * k + r];
        }
        for (int r = 0; r < k; r++) {
            for (int s = 0; s < k; s++) {
                double prs = teacherGram[r * k + s];
                tt += diagP[r] * diagP[s] + 2 * prs * prs;
            }
        }
        this.teacherTerm = tt / ((double) k * k);
    }

    @Override
    public double risk(double[] q, double[] m, double[] a) {
        double student = 0;
        double cross = 0;
        for (int j = 0; j < p; j++) {
            double qjj = q[j * p + j];
            for (int l = 0; l < p; l++) {
                double qjl = q[j * p + l];
                student += a[j] * a[l] * (qjj * q[l * p + l] + 2 * qjl * qjl);
            }
            for (int r = 0; r < k; r++) {
                double mjr = m[j * k + r];
                cross += a[j] * (qjj * diagP[r] + 2 * mjr * mjr);
            }
        }
        return 0.5 * prefactor * (readout * readout * student - 2 * readout / k * cross + teacherTerm);
    }
}

package dev.overlap.overlaps;

import dev.overlap.problem.Activation;

/**
 * Square-loss risk of a committee teacher for any activations, from pair moments on the 2-field
 * sub-covariances of Ω = [[Q, M], [Mᵀ, P]]:
 * R/ℓ₀ = ½ [c² Σ_jl a_j a_l E[σσ](Q) − (2c/k) Σ_jr a_j E[σσ*](M) + (1/k²) Σ_rs E[σ*σ*](P)].
 */
public final class SquareLossRisk implements PopulationRisk {
    private final int p;
    private final int k;
    private final double readout;
    private final double prefactor;
    private final double[] teacherGram;
    private final PairMoment studentStudent;
    private final PairMoment studentTeacher;
    private final double teacherTerm;

    public SquareLossRisk(int p, int k, Activation student, Activation teacher, double readout, double prefactor,
                          double[] teacherGram, boolean closedForms) {
        this.p = p;
        this.k = k;
        this.readout = readout;
        this.prefactor = prefactor;
        this.teacherGram = teacherGram.clone();
        this.studentStudent = new PairMoment(student, student, closedForms);
        this.studentTeacher = new PairMoment(student, teacher, closedForms);
        PairMoment tt = new PairMoment(teacher, teacher, closedForms);
        double sum = 0;
        for (int r = 0; r < k; r++) {
            for (int s = 0; s < k; s++) {
                sum += tt.of(teacherGram[r * k + r], teacherGram[r * k + s], teacherGram[s * k + s]);
            }
        }
        this.teacherTerm = sum / ((double) k * k);
    }

    @Override
    public double risk(double[] q, double[] m, double[] a) {
        double student = 0;
        double cross = 0;
        for (int j = 0; j < p; j++) {
            double qjj = q[j * p + j];
            for (int l = 0; l < p; l++) {
                student += a[j] * a[l] * studentStudent.of(qjj, q[j * p + l], q[l * p + l]);
            }
            for (int r = 0; r < k; r++) {
                cross += a[j] * studentTeacher.of(qjj, m[j * k + r], teacherGram[r * k + r]);
            }
        }
        return 0.5 * prefactor * (readout * readout * student - 2 * readout / k * cross + teacherTerm);
    }
}

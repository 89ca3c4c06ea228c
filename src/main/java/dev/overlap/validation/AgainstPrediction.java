package dev.overlap.validation;

import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.MonteCarlo;
import dev.overlap.experiment.Theory;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.stats.ExitStatistics;
import dev.overlap.theory.ExitTimeLaw;
import java.util.Map;
import java.util.Optional;

/**
 * Chain replicas from one start against the exact finite-d reference of the claimed model (never falsified): the
 * Kolmogorov law of the reduced diffusion where its dimension allows (p = 1), else the SDE's Monte Carlo over as many
 * replicas (docs/theory.md §10). `theory`'s first-order effective start rides along as a column, not judged.
 *
 * @param reference the reference's mean exit time (model's time unit) with its error: the law's numerical error, or
 *                  the SDE's standard error
 */
record AgainstPrediction(ExitStatistics measured, Theory.Prediction predicted, Reference reference, double dLnD) {

    /** The judged reference: its mean, error and name (for tables). */
    record Reference(double mean, double error, String name) {
    }

    /**
     * n chain replicas of model.yaml with {@code set} at d, in {@code out/name}; the effective start from
     * {@code draws}; the reference from the claimed model: Kolmogorov where it applies, else n SDE replicas in
     * {@code out/name-sde}. Quick mode solves the law in one coordinate only (about a second) and takes the SDE above
     * it: the lattice law in three coordinates (p = 2) takes over a minute, in the quick run and again in its falsify run.
     */
    static AgainstPrediction run(Context c, String name, Map<String, String> set, int d, int n, int draws) {
        ModelSpec claimed = c.claimedModel("model.yaml", set);
        Theory.Prediction t = Theory.predict(claimed, d, draws, !c.quick());
        ExitStatistics s = c.exitTimes(name, c.model("model.yaml", set), EngineKind.CHAIN, MonteCarlo.StartMode.SAME, n,
                false).statistics();
        return new AgainstPrediction(s, t, reference(c, name, claimed, t, n), d * Math.log(d));
    }

    /** The Kolmogorov law's mean where the prediction has it, else the claimed model's SDE over n replicas. */
    static Reference reference(Context c, String name, ModelSpec claimed, Theory.Prediction t, int n) {
        Optional<ExitTimeLaw> law = t.kolmogorov().law();
        if (law.isPresent()) {
            return new Reference(law.get().mean(), law.get().meanError(), "Kolmogorov");
        }
        ExitStatistics sde = c.exitTimes(name + "-sde", claimed, EngineKind.SDE, MonteCarlo.StartMode.SAME, n, false)
                .statistics();
        return new Reference(sde.censored() ? Double.NaN : sde.mean(), sde.sem(), "SDE (" + n + " replicas)");
    }

    /**
     * (measured mean − reference mean)/√(SEM² + reference error²); infinite when a replica never escaped, since
     * the mean is then over the escaped ones only and the comparison is void.
     */
    double z() {
        return measured.censored() || Double.isNaN(reference.mean()) ? Double.POSITIVE_INFINITY
                : (measured.mean() - reference.mean()) / Math.hypot(measured.sem(), reference.error());
    }

    /** The measured mean's samples to the exit, per d ln d. */
    double samples() {
        return measured.mean() * predicted.samplesPerUnit() / dLnD;
    }

    double samplesSe() {
        return measured.sem() * predicted.samplesPerUnit() / dLnD;
    }

    /** The reference's samples to the exit, per d ln d. */
    double predictedSamples() {
        return reference.mean() * predicted.samplesPerUnit() / dLnD;
    }

    /** A row of the claims' tables: measured mean [CI], reference ± error (its name), z, effective start ± error. */
    String cells() {
        return String.format("%s | %.4f ± %.1e (%s) | %+.2f | %.4f ± %.1e", Samples.mean(measured), reference.mean(),
                reference.error(), reference.name(), z(), predicted.effMean(), predicted.effMeanError());
    }

    /** The table header cells matching {@link #cells}. */
    static String header() {
        return "chain mean exit, natural time [95 % CI] | exact finite-d reference ± error | z | effective start "
                + "(first order, not judged) ± error";
    }
}

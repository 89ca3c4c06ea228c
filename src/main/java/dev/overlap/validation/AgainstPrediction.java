package dev.overlap.validation;

import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.MonteCarlo;
import dev.overlap.experiment.Theory;
import dev.overlap.stats.ExitStatistics;
import java.util.Map;

/**
 * Chain replicas from one start against `theory`'s finite-d effective-start prediction, which is always the
 * claimed model's (never falsified): the measured and predicted mean exit times, and samples per d ln d.
 */
record AgainstPrediction(ExitStatistics measured, Theory.Prediction predicted, double dLnD) {

    /** n chain replicas of model.yaml with {@code set} at d, in {@code out/name}; the prediction from {@code draws}. */
    static AgainstPrediction run(Context c, String name, Map<String, String> set, int d, int n, int draws) {
        Theory.Prediction t = Theory.predict(c.claimedModel("model.yaml", set), d, draws);
        ExitStatistics s = c.exitTimes(name, c.model("model.yaml", set), EngineKind.CHAIN, MonteCarlo.StartMode.SAME, n,
                false).statistics();
        return new AgainstPrediction(s, t, d * Math.log(d));
    }

    /**
     * (measured mean − predicted mean)/√(SEM² + prediction error²); infinite when a replica never escaped, since
     * the mean is then over the escaped ones only and the comparison is void.
     */
    double z() {
        return measured.censored() ? Double.POSITIVE_INFINITY
                : (measured.mean() - predicted.effMean()) / Math.hypot(measured.sem(), predicted.effMeanError());
    }

    /** The measured mean's samples to the exit, per d ln d. */
    double samples() {
        return measured.mean() * predicted.samplesPerUnit() / dLnD;
    }

    double samplesSe() {
        return measured.sem() * predicted.samplesPerUnit() / dLnD;
    }

    /** The prediction's samples to the exit, per d ln d. */
    double predictedSamples() {
        return predicted.effMean() * predicted.samplesPerUnit() / dLnD;
    }

    /** A row of the claims' tables: measured mean [CI], prediction ± error, z. */
    String cells() {
        return String.format("%s | %.4f ± %.1e | %+.2f", Samples.mean(measured), predicted.effMean(),
                predicted.effMeanError(), z());
    }
}

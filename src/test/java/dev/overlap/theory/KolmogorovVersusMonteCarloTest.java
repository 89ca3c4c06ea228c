package dev.overlap.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.TestModels;
import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.MonteCarlo;
import dev.overlap.experiment.ReplicaResult;
import dev.overlap.experiment.Theory;
import dev.overlap.experiment.Trial;
import dev.overlap.spec.ModelSpec;
import dev.overlap.stats.OneSample;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Kolmogorov law of p = 1 phase retrieval against the chain's and the SDE's Monte Carlo at d = 10³ from
 * M₀ = 1/√d, where the first-order effective start is rejected in law (docs/theory.md §7): 2000 replicas each, seeds
 * fixed. H0 holds unless the law or an engine is wrong; the bar p &gt; 0.01 is passed by a correct law 99 % of the time
 * over seeds, and the seeds are fixed. Power: the same samples against the law at d = 2000 (half the noise, the mean
 * exit time 0.1 later) must give p &lt; 10⁻⁴.
 */
class KolmogorovVersusMonteCarloTest {
    private static final int REPLICAS = 2000;

    private static ModelSpec model(int d) {
        return TestModels.phaseRetrieval("d", Integer.toString(d), "initial.kind", "overlaps",
                "initial.M", "[[" + 1 / Math.sqrt(1000) + "]]", "initial.Q", "[[1.0]]", "exit.stop", "true",
                "run.t-max", "40", "run.seed", "17", "run.sde-dt", "2e-4");
    }

    private static double[] exitTimes(ModelSpec spec, EngineKind engine) {
        List<ReplicaResult> results = MonteCarlo.run(new MonteCarlo.Plan(Trial.of(spec, engine), MonteCarlo.StartMode.SAME,
                REPLICAS, Set.of(), -1, 2, false), r -> { });
        double[] t = results.stream().mapToDouble(ReplicaResult::exitTime).toArray();
        for (double v : t) {
            assertTrue(Double.isFinite(v), "every replica exits before t-max");
        }
        return t;
    }

    @Test
    void chainAndSdeHaveTheKolmogorovLawAtDThousand() {
        ExitTimeLaw law = Theory.kolmogorov(model(1000), 1000).law().orElseThrow();
        ExitTimeLaw quieter = Theory.kolmogorov(model(2000), 2000).law().orElseThrow();
        for (EngineKind engine : List.of(EngineKind.CHAIN, EngineKind.SDE)) {
            double[] t = exitTimes(model(1000), engine);
            OneSample test = OneSample.ks(t, law::cdf);
            assertTrue(test.pValue() > 0.01, engine + ": KS D = " + test.statistic() + ", p = " + test.pValue());
            double mean = java.util.Arrays.stream(t).average().orElseThrow();
            assertEquals(law.mean(), mean, 4 * law.sd() / Math.sqrt(REPLICAS), engine + " mean");
            OneSample power = OneSample.ks(t, quieter::cdf);
            assertTrue(power.pValue() < 1e-4, engine + " against half the noise: p = " + power.pValue());
        }
    }
}

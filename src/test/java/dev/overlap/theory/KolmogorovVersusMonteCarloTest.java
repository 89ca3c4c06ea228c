package dev.overlap.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.TestModels;
import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.MonteCarlo;
import dev.overlap.experiment.ReplicaResult;
import dev.overlap.experiment.Theory;
import dev.overlap.experiment.Trial;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.stats.OneSample;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Kolmogorov law of p = 1 phase retrieval against the chain's and the SDE's Monte Carlo at d = 10³ from
 * M₀ = 1/√d, where the first-order effective start is rejected in law (docs/theory.md §7): 2000 replicas each, seeds
 * fixed. H0 holds unless the law or an engine is wrong; the bar p &gt; 0.01 is passed by a correct law 99 % of the time
 * over seeds, and the seeds are fixed. Power: the same samples against the law at d = 2000 (half the noise, the mean
 * exit time 0.1 later) must give p &lt; 10⁻⁴. The same at p = 2 on the sphere, where the law is the lattice solver's in
 * (q₁₂, m₁, m₂) at its default resolution; power: against the law at γ = 0.15 instead of 0.1 (on a coarser lattice:
 * it only has to be far off): a different escape rate.
 */
class KolmogorovVersusMonteCarloTest {
    private static final int REPLICAS = 2000;

    private static ModelSpec model(int d) {
        return TestModels.phaseRetrieval("d", Integer.toString(d), "initial.kind", "overlaps",
                "initial.M", "[[" + 1 / Math.sqrt(1000) + "]]", "initial.Q", "[[1.0]]", "exit.stop", "true",
                "run.t-max", "40", "run.seed", "17", "run.sde-dt", "2e-4");
    }

    private static ModelSpec twoUnits(String rate) {
        double m0 = 1 / Math.sqrt(1000);
        return TestModels.phaseRetrieval("d", "1000", "student.p", "2", "training.learning-rate", rate, "initial.kind", "overlaps",
                "initial.M", "[[" + m0 + "], [" + m0 + "]]", "initial.Q", "[[1.0, 0.0], [0.0, 1.0]]", "exit.stop", "true",
                "run.t-max", "40", "run.seed", "23", "run.sde-dt", "2e-4");
    }

    private static ExitTimeLaw lattice(ModelSpec spec) {
        Trial trial = Trial.of(spec, EngineKind.ODE);
        var start = trial.start().overlaps();
        OverlapDiffusion diffusion = OverlapDiffusion.of(trial.problem(), trial.numerics(), start.aArray());
        assertEquals(3, diffusion.dimension());
        return OverlapKolmogorov.law(diffusion, trial.risk(), trial.exit(), start,
                new KolmogorovLattice.Resolution(new int[] {16, 64, 64}, 1000));
    }

    @Test
    void twoUnitsOnTheSphereHaveTheLatticeLawAtDThousand() {
        ExitTimeLaw law = Theory.kolmogorov(twoUnits("0.1"), 1000).law().orElseThrow();
        // the lattice's error far below the Monte Carlo's standard error of the mean (about 0.5 % of it here)
        assertTrue(law.meanError() < 1.5e-3 * law.mean(), "the lattice's own error " + law.meanError() + " of " + law.mean());
        assertEnginesHaveTheLaw(twoUnits("0.1"), law, lattice(twoUnits("0.15")));
    }

    /** Chain and SDE replicas of the model: KS p &gt; 0.01 and the mean within 4 SE of the law's, the other law rejected. */
    private static void assertEnginesHaveTheLaw(ModelSpec model, ExitTimeLaw law, ExitTimeLaw other) {
        for (EngineKind engine : List.of(EngineKind.CHAIN, EngineKind.SDE)) {
            double[] t = exitTimes(model, engine);
            OneSample test = OneSample.ks(t, law::cdf);
            assertTrue(test.pValue() > 0.01, engine + ": KS D = " + test.statistic() + ", p = " + test.pValue());
            double mean = java.util.Arrays.stream(t).average().orElseThrow();
            assertEquals(law.mean(), mean, 4 * law.sd() / Math.sqrt(REPLICAS), engine + " mean");
            OneSample power = OneSample.ks(t, other::cdf);
            assertTrue(power.pValue() < 1e-4, engine + " against the other law: p = " + power.pValue());
        }
    }

    private static double[] exitTimes(ModelSpec spec, EngineKind engine) {
        List<ReplicaResult> results = MonteCarlo.run(new MonteCarlo.Plan(Trial.of(spec, engine), MonteCarlo.StartMode.SAME,
                REPLICAS, Set.of(), -1, 2, MonteCarlo.Curves.NONE), r -> { });
        double[] t = results.stream().mapToDouble(ReplicaResult::exitTime).toArray();
        for (double v : t) {
            assertTrue(Double.isFinite(v), "every replica exits before t-max");
        }
        return t;
    }

    @Test
    void chainAndSdeHaveTheKolmogorovLawAtDThousand() {
        ExitTimeLaw law = Theory.kolmogorov(model(1000), 1000).law().orElseThrow();
        assertEnginesHaveTheLaw(model(1000), law, Theory.kolmogorov(model(2000), 2000).law().orElseThrow());
    }
}

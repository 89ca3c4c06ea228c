package dev.overlap.validation;

import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.ExitTimesExperiment;
import dev.overlap.experiment.MonteCarlo;
import dev.overlap.report.Figure;
import dev.overlap.report.Figures;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.stats.ExitStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SDE's mean exit time agrees with the chain's: their 95 % CIs overlap. */
final class EmSdeVsChain implements Claim {
    @Override
    public String id() {
        return "em-sde-vs-chain";
    }

    @Override
    public String statement() {
        return "The SDE (diffusion approximation, noise O(1/d)) and the exact chain give the same law of the exit time.";
    }

    @Override
    public String falsifier() {
        return "the SDE with ten times the chain's noise (run at d/10 while the chain runs at d)";
    }

    @Override
    public String source() {
        return "docs/theory.md §2 (diffusion approximation); [EM] Fig. 1 (SDE vs simulations)";
    }

    @Override
    public Verdict check(Context c) {
        int n = c.pick(200, 400);
        ModelSpec m = c.model("model.yaml", Map.of());
        // the falsifier runs the SDE at d/10: ten times the chain's noise, the same drift in natural time
        // the SDE on its own streams (run.seed + 1): a two-sample test needs independent samples
        String sdeSeed = Long.toString(m.run().seed() + 1);
        ModelSpec sdeModel = c.falsify() ? c.model("model.yaml", Map.of("d", Integer.toString(m.d() / 10), "run.seed", sdeSeed))
                : c.model("model.yaml", Map.of("run.seed", sdeSeed));
        ExitTimesExperiment.Outcome sde = c.exitTimes(EngineKind.SDE.label(), sdeModel, EngineKind.SDE, MonteCarlo.StartMode.SAME,
                n, false);
        ExitTimesExperiment.Outcome chain = c.exitTimes(EngineKind.CHAIN.label(), m, EngineKind.CHAIN, MonteCarlo.StartMode.SAME,
                n, false);
        ExitStatistics a = sde.statistics();
        ExitStatistics b = chain.statistics();
        Map<String, double[]> ecdf = new LinkedHashMap<>();
        ecdf.put(EngineKind.SDE.label(), Samples.escaped(sde));
        ecdf.put(EngineKind.CHAIN.label(), Samples.escaped(chain));
        c.keep("ecdf.png", new Figure.EcdfPlot("Exit times, phase retrieval d = " + m.d() + ", p = 1, SDE dt = "
                + m.run().sdeDt() + " (" + n + " replicas each)", "exit time (natural time t = steps·γ/(p·d))", ecdf, Map.of()));
        double ks = Samples.ksPValue(ecdf.get(EngineKind.SDE.label()), ecdf.get(EngineKind.CHAIN.label()));
        double dStat = Samples.ksStatistic(ecdf.get(EngineKind.SDE.label()), ecdf.get(EngineKind.CHAIN.label()));
        return new Verdict(ks > ALPHA, String.format("KS D = %.3f, p = %.3f; mean exit (natural time) sde %s, chain %s",
                        dStat, ks, Samples.mean(a), Samples.mean(b)),
                "two-sample KS p > " + ALPHA + " (same law of the exit time)", List.of("ecdf.png"),
                String.format("Phase retrieval p = 1, d = %d, γ = 0.1, Δ = 1e-4; SDE by the weak Euler scheme with "
                        + "dt = %g (natural time) and exact spherical renormalisation, against the exact chain; %d replicas "
                        + "of each from the same start. H0: the two exit times have the same law. Power: at %d + %d "
                        + "replicas the KS test at level %.2f detects a difference of the CDFs of ≈ %.2f (1.63·√(2/n)), "
                        + "a shift of about 0.3 standard deviations of the exit time; the SDE's O(dt) bias at this dt "
                        + "is far below that (`SdeEngineTest` measures it).", m.d(), m.run().sdeDt(), n, n, n, ALPHA,
                        1.63 * Math.sqrt(2.0 / n)));
    }

    /** Level of the KS test. */
    private static final double ALPHA = 0.01;
}

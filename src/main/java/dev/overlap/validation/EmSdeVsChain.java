package dev.overlap.validation;

import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.ExitTimesExperiment;
import dev.overlap.experiment.MonteCarlo;
import dev.overlap.report.Figure;
import dev.overlap.report.Figures;
import dev.overlap.spec.ModelSpec;
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
        return "The SDE and the chain have the same mean exit time (95 % confidence intervals overlap).";
    }

    @Override
    public String source() {
        return "docs/theory.md §2 (diffusion approximation); [EM] Fig. 1 (SDE vs simulations)";
    }

    @Override
    public Verdict check(Context c) {
        int n = c.pick(100, 400);
        ModelSpec m = c.model("model.yaml", Map.of());
        ExitTimesExperiment.Outcome sde = c.exitTimes(EngineKind.SDE.label(), m, EngineKind.SDE, MonteCarlo.StartMode.SAME, n, false);
        ExitTimesExperiment.Outcome chain = c.exitTimes(EngineKind.CHAIN.label(), m, EngineKind.CHAIN, MonteCarlo.StartMode.SAME, n, false);
        ExitStatistics a = sde.statistics();
        ExitStatistics b = chain.statistics();
        boolean overlap = a.ci95Mean()[0] <= b.ci95Mean()[1] && b.ci95Mean()[0] <= a.ci95Mean()[1];
        Map<String, double[]> ecdf = new LinkedHashMap<>();
        ecdf.put(EngineKind.SDE.label(), Samples.escaped(sde));
        ecdf.put(EngineKind.CHAIN.label(), Samples.escaped(chain));
        c.keep("ecdf.png", new Figure.EcdfPlot("Exit times, phase retrieval d = " + m.d() + ", p = 1, SDE dt = "
                + m.run().sdeDt() + " (" + n + " replicas each)", "exit time (natural time t = steps·γ/(p·d))", ecdf, Map.of()));
        double ks = Samples.ksPValue(ecdf.get(EngineKind.SDE.label()), ecdf.get(EngineKind.CHAIN.label()));
        return new Verdict(overlap, String.format("mean exit (natural time) sde %s, chain %s; ratio %.3f",
                Samples.mean(a), Samples.mean(b),
                a.mean() / b.mean()), "95 % bootstrap CIs of the means overlap", List.of("ecdf.png"),
                String.format("Phase retrieval p = 1, d = %d, γ = 0.1, Δ = 1e-4, SDE by Euler–Maruyama with dt = %g "
                        + "(natural time) and exact spherical renormalisation; %d replicas of each from the same start. "
                        + "Two-sample KS p-value between the laws (reported, not judged): %.3f.", m.d(), m.run().sdeDt(),
                        n, ks));
    }
}

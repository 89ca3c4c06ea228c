package dev.overlap.validation;

import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.ExitTimesExperiment;
import dev.overlap.experiment.MonteCarlo;
import dev.overlap.report.Figure;
import dev.overlap.report.Figures;
import dev.overlap.spec.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The chain is the exact law of SGD's overlaps for Gaussian inputs: same exit-time law (two-sample KS). */
final class EmChainIsSgd implements Claim {
    private static final int[] DIMS = {500, 2000};
    private static final int[] WIDTHS = {1, 2};
    private static final double FAMILY_ALPHA = 0.05;

    @Override
    public String id() {
        return "em-chain-is-sgd";
    }

    @Override
    public String statement() {
        return "The overlap Markov chain and full SGD have the same exit-time law at d = 500 and 2000, p = 1 and 2.";
    }

    @Override
    public String falsifier() {
        return "the chain without its η²|x|² term (run.ode-quadratic: false drops it from the chain): its escape rate becomes 4 − 2γΔ instead of 4(1 − 6γ) − 2γΔ, while sgd is unchanged";
    }

    @Override
    public Map<String, String> falsifierOverrides() {
        return Map.of("run.ode-quadratic", "false");
    }

    @Override
    public String source() {
        return "docs/theory.md §4 (the chain is exact for Gaussian inputs); [EM] Fig. 1 setting";
    }

    @Override
    public Verdict check(Context c) {
        int n = c.pick(40, 200);
        int tests = DIMS.length * WIDTHS.length;
        double alpha = FAMILY_ALPHA / tests;
        double minP = 1;
        List<String> figures = new ArrayList<>();
        StringBuilder table = new StringBuilder("| d | p | sgd mean [95 % CI] | chain mean [95 % CI] | KS D | KS p |\n"
                + "|---|---|---|---|---|---|\n");
        for (int d : DIMS) {
            for (int p : WIDTHS) {
                ModelSpec m = c.model("model.yaml", Map.of("d", Integer.toString(d), "student.p", Integer.toString(p)));
                String tag = "d" + d + "_p" + p;
                ExitTimesExperiment.Outcome sgd = c.exitTimes(tag + "/sgd", m, EngineKind.SGD, MonteCarlo.StartMode.SAME, n, false);
                ExitTimesExperiment.Outcome chain = c.exitTimes(tag + "/chain", m, EngineKind.CHAIN, MonteCarlo.StartMode.SAME, n, false);
                double[] x = Samples.escaped(sgd);
                double[] y = Samples.escaped(chain);
                double pValue = Samples.ksPValue(x, y);
                minP = Math.min(minP, pValue);
                table.append(String.format("| %d | %d | %s | %s | %.3f | %.3f |%n", d, p, Samples.mean(sgd.statistics()),
                        Samples.mean(chain.statistics()), Samples.ksStatistic(x, y), pValue));
                Map<String, double[]> ecdf = new LinkedHashMap<>();
                ecdf.put(EngineKind.SGD.label(), x);
                ecdf.put(EngineKind.CHAIN.label(), y);
                String fig = "ecdf_" + tag + ".png";
                c.keep(fig, new Figure.EcdfPlot("Exit times, phase retrieval d = " + d + ", p = " + p + " (" + n + " replicas each)",
                        "exit time (natural time t = steps·γ/(p·d))", ecdf, Map.of()));
                figures.add(fig);
            }
        }
        return new Verdict(minP > alpha, String.format("smallest KS p-value %.3f over %d tests", minP, tests),
                String.format("every p > %.4f (5 %% family-wise, Bonferroni over %d tests)", alpha, tests), figures,
                "Phase retrieval (γ = 0.1, Δ = 1e-4, spherical), " + n + " replicas per engine from the same initial "
                        + "network (initial.seed 9), replica i on stream i of run.seed 1; exit when R ≤ 0.99 R(0). "
                        + "H0 of each two-sample Kolmogorov–Smirnov test: sgd and chain exit times have the same law.\n\n"
                        + table);
    }
}

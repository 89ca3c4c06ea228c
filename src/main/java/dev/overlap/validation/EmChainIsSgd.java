package dev.overlap.validation;

import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.ExitTimesExperiment;
import dev.overlap.experiment.MonteCarlo;
import dev.overlap.experiment.Trial;
import dev.overlap.report.Figure;
import dev.overlap.report.Figures;
import dev.overlap.modelfile.ModelSpec;
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
        return "The overlap Markov chain and full SGD have the same law: of the exit time at d = 500 and 2000, p = 1 and 2, "
                + "and of the overlaps after a fixed number of steps at d = 100.";
    }

    @Override
    public String falsifier() {
        return "the chain without its η²|x|² term (run.ode-quadratic: false drops it from the chain): its escape rate becomes 4 − 2γΔ instead of 4(1 − 6γ) − 2γΔ, while sgd is unchanged";
    }

    @Override
    public Map<String, String> falsifierOverrides() {
        return Falsifiers.NO_QUADRATIC_TERM;
    }

    @Override
    public String source() {
        return "docs/theory.md §4 (the chain is exact for Gaussian inputs); [EM] Fig. 1 setting";
    }

    /**
     * M_11, M_21 and Q_12 after {@code steps} steps of {@code n} replicas, replica i on stream i of {@code root}:
     * the two engines get different roots, since a two-sample test needs independent samples (the chain's
     * first draws would otherwise be sgd's first input coordinates).
     */
    private static double[][] states(ModelSpec model, EngineKind engine, int n, long steps, long root) {
        ModelSpec m = model.withExit(model.exit().withStop(false));
        Trial trial = Trial.of(m, engine);
        dev.overlap.engine.Engine e = dev.overlap.experiment.Engines.create(engine, trial.problem(), trial.numerics(),
                new dev.overlap.engine.TimeAxis(dev.overlap.engine.TimeAxis.Unit.STEPS, 1), steps);
        double[][] out = new double[3][n];
        for (int i = 0; i < n; i++) {
            int replica = i;
            e.run(trial.start().copy(), dev.overlap.engine.Seeds.replica(root, i), (step, t, s) -> {
                out[0][replica] = s.m[0];
                out[1][replica] = s.m[1];
                out[2][replica] = s.q[1];
                return true;
            });
        }
        return out;
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
                // the chain on its own streams (run.seed + 1): the two samples must be independent
                ModelSpec chainModel = c.model("model.yaml", Map.of("d", Integer.toString(d), "student.p", Integer.toString(p),
                        "run.seed", Long.toString(m.run().seed() + 1)));
                ExitTimesExperiment.Outcome chain = c.exitTimes(tag + "/chain", chainModel, EngineKind.CHAIN,
                        MonteCarlo.StartMode.SAME, n, false);
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
        // The overlaps themselves after a fixed number of steps at small d: far more power per replica than exit
        // times (every replica contributes a whole state, and the quadratic term is large at d = 100).
        int m = c.pick(2000, 5000);
        ModelSpec small = c.model("model.yaml", Map.of("d", "100", "student.p", "2", "initial.seed", "9"));
        long steps = 300;
        double[][] sgdState = states(small, EngineKind.SGD, m, steps, small.run().seed());
        double[][] chainState = states(small, EngineKind.CHAIN, m, steps, small.run().seed() + 1);
        String[] names = {"M_11", "M_21", "Q_12"};
        double stateAlpha = FAMILY_ALPHA / names.length;
        double minState = 1;
        StringBuilder stateTable = new StringBuilder("| overlap after " + steps + " steps | sgd mean | chain mean | KS p |\n"
                + "|---|---|---|---|\n");
        for (int u = 0; u < names.length; u++) {
            double pu = Samples.ksPValue(sgdState[u], chainState[u]);
            minState = Math.min(minState, pu);
            stateTable.append(String.format("| %s | %.5f | %.5f | %.3f |%n", names[u],
                    java.util.Arrays.stream(sgdState[u]).average().orElse(Double.NaN),
                    java.util.Arrays.stream(chainState[u]).average().orElse(Double.NaN), pu));
        }
        boolean pass = minP > alpha && minState > stateAlpha;
        return new Verdict(pass, String.format("smallest KS p-value %.3f over %d exit-time tests; %.3f over the %d overlaps "
                        + "after %d steps", minP, tests, minState, names.length, steps),
                String.format("every exit-time p > %.4f and every overlap p > %.4f (each 5 %% family-wise, Bonferroni)",
                        alpha, stateAlpha), figures,
                "Phase retrieval (γ = 0.1, Δ = 1e-4, spherical), " + n + " replicas per engine from the same initial "
                        + "network (initial.seed 9), replica i on stream i of run.seed 1; exit when R ≤ 0.99 R(0). "
                        + "H0 of each two-sample Kolmogorov–Smirnov test: sgd and chain exit times have the same law.\n\n"
                        + table + "\nThe overlaps after " + steps + " steps at d = 100, p = 2, " + m + " replicas of each "
                        + "engine (power: the KS test at level " + String.format("%.3f", stateAlpha) + " detects a CDF "
                        + "difference of about " + String.format("%.3f", 1.8 * Math.sqrt(2.0 / m)) + "):\n\n" + stateTable);
    }
}

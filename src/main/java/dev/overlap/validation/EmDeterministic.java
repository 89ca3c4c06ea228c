package dev.overlap.validation;

import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.Theory;
import dev.overlap.experiment.ExitTimesExperiment;
import dev.overlap.experiment.MonteCarlo;
import dev.overlap.report.Figure;
import dev.overlap.report.Figures;
import dev.overlap.spec.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deterministic approximation: the chain's mean exit time over the ODE's from the same start tends
 * to 1 as d grows, and the ODE from the effective start M₀ + σ_eff Z reproduces the chain's law.
 */
final class EmDeterministic implements Claim {
    private static final double FAMILY_ALPHA = 0.05;

    @Override
    public String id() {
        return "em-deterministic-approximation";
    }

    @Override
    public String statement() {
        return "As d grows t_exit(chain)/t_exit(ODE, same start) → 1, and the ODE from the effective start "
                + "M₀ + σ_eff·Z has the chain's exit-time law at every d.";
    }

    @Override
    public String source() {
        return "[EM] §3 (effective initial condition); docs/theory.md §7";
    }

    @Override
    public Verdict check(Context c) {
        int[] dims = c.quick() ? new int[] {1_000, 10_000, 100_000} : new int[] {1_000, 10_000, 100_000, 1_000_000};
        int n = c.pick(300, 1000);
        double alpha = FAMILY_ALPHA / dims.length;
        double[] x = new double[dims.length];
        double[] ratio = new double[dims.length];
        double[] err = new double[dims.length];
        double minP = 1;
        List<String> figures = new ArrayList<>();
        StringBuilder table = new StringBuilder("| d | max|M₀| | ODE from M₀ | chain mean [95 % CI] | ratio | "
                + "effective-start ODE mean | KS p (chain vs effective) |\n|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < dims.length; i++) {
            int d = dims[i];
            ModelSpec m = c.model("model.yaml", Map.of("d", Integer.toString(d), "initial.M", "[[" + 1 / Math.sqrt(d) + "]]"));
            ExitTimesExperiment.Outcome chain = c.exitTimes("d" + d, m, EngineKind.CHAIN, MonteCarlo.StartMode.SAME, n, false);
            Theory.Prediction t = Theory.predict(m, d, n);
            double[] chainTimes = Samples.escaped(chain);
            double[] effective = Samples.finite(t.effective());
            double p = Samples.ksPValue(chainTimes, effective);
            minP = Math.min(minP, p);
            x[i] = d;
            ratio[i] = chain.statistics().mean() / t.odeFromStart();
            err[i] = 1.96 * chain.statistics().sem() / t.odeFromStart();
            table.append(String.format("| %d | %.5f | %.4f | %s | %.4f | %.4f | %.3f |%n", d, t.m0(), t.odeFromStart(),
                    Samples.mean(chain.statistics()), ratio[i], t.effMean(), p));
            Map<String, double[]> ecdf = new LinkedHashMap<>();
            ecdf.put(EngineKind.CHAIN.label(), chainTimes);
            ecdf.put("ODE from M0 + sigma_eff Z", effective);
            String fig = "ecdf_d" + d + ".png";
            c.keep(fig, new Figure.EcdfPlot("Chain vs effective-start ODE, phase retrieval p = 1, d = " + d,
                    "exit time (natural time t = steps·γ/(p·d))", ecdf, Map.of("ODE from M0", t.odeFromStart())));
            figures.add(0, fig);
        }
        c.keep("ratio.png", new Figure.PointsPlot("Chain mean exit time / ODE exit time from the same start (±1.96 SEM)",
                "d (log scale)", "t_exit(chain) / t_exit(ODE)", List.of(new Figures.Points(EngineKind.CHAIN.label(), x, ratio, err)),
                Map.of("1", new Figures.Curve(new double[] {x[0], x[x.length - 1]}, new double[] {1, 1})), true));
        figures.add(0, "ratio.png");
        double first = Math.abs(ratio[0] - 1);
        double last = Math.abs(ratio[ratio.length - 1] - 1);
        boolean pass = last < first && minP > alpha;
        return new Verdict(pass, String.format("ratio %.3f at d = %d → %.3f at d = %d; smallest KS p %.3f", ratio[0],
                        dims[0], ratio[ratio.length - 1], dims[dims.length - 1], minP),
                String.format("|ratio − 1| decreases from the smallest to the largest d, and every KS p > %.3f "
                        + "(5 %% family-wise over %d dimensions)", alpha, dims.length), figures,
                "Phase retrieval p = 1 (γ = 0.1, Δ = 1e-4), every replica from M₀ = 1/√d at each d (a fixed start, so "
                        + "the trend in d is not confounded by one random draw of M₀); "
                        + n + " chain replicas and " + n + " effective-start ODE solutions per d (σ_eff from `theory`, "
                        + "(D/(2λ))^{1/2}). The ratio approaches 1 only like 1 + O(1/ln d): both times grow like "
                        + "ln(d)/(2λ) while the noise shifts the chain's by O(1).\n\n" + table);
    }
}

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
import org.apache.commons.math3.distribution.NormalDistribution;

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
        return "At finite d the chain's exit time is the ODE's from the effective start M₀ + Σ^{1/2}Z, in mean and in law; "
                + "the deterministic ODE from M₀ is its d → ∞ limit.";
    }

    @Override
    public String falsifier() {
        return "the noiseless ODE from M₀ in place of the chain: it misses the effective start's shift of the exit time";
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
        double zCritical = new NormalDistribution().inverseCumulativeProbability(1 - alpha / 2);
        EngineKind engine = c.falsify() ? EngineKind.ODE : EngineKind.CHAIN; // the falsifier: no noise at all
        double[] x = new double[dims.length];
        double[] ratio = new double[dims.length];
        double[] err = new double[dims.length];
        double worstZ = 0;
        double minP = 1;
        List<String> figures = new ArrayList<>();
        StringBuilder table = new StringBuilder("| d | max abs M₀ | ODE from M₀ | " + engine + " mean [95 % CI] | effective-start "
                + "mean ± error | z | KS p (vs effective) |\n|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < dims.length; i++) {
            int d = dims[i];
            ModelSpec m = c.model("model.yaml", Map.of("d", Integer.toString(d), "initial.M", "[[" + 1 / Math.sqrt(d) + "]]"));
            ExitTimesExperiment.Outcome run = c.exitTimes("d" + d, m, engine, MonteCarlo.StartMode.SAME,
                    engine.deterministic() ? 1 : n, false);
            Theory.Prediction t = Theory.predict(m, d, n);
            double[] times = Samples.escaped(run);
            double[] effective = Samples.finite(t.effective());
            // one deterministic run is no sample: no KS test (NaN, which fails the claim)
            double p = times.length < 2 ? Double.NaN : Samples.ksPValue(times, effective);
            minP = Double.isNaN(p) || Double.isNaN(minP) ? Double.NaN : Math.min(minP, p);
            double sem = Double.isFinite(run.statistics().sem()) ? run.statistics().sem() : 0; // one ODE run: no spread
            double z = (run.statistics().mean() - t.effMean()) / Math.hypot(sem, t.effMeanError());
            worstZ = Math.max(worstZ, Double.isNaN(z) ? Double.POSITIVE_INFINITY : Math.abs(z));
            x[i] = d;
            ratio[i] = run.statistics().mean() / t.effMean();
            err[i] = 1.96 * sem / t.effMean();
            table.append(String.format("| %d | %.5f | %.4f | %s | %.4f ± %.1e | %+.2f | %.3f |%n", d, t.m0(), t.odeFromStart(),
                    Samples.mean(run.statistics()), t.effMean(), t.effMeanError(), z, p));
            Map<String, double[]> ecdf = new LinkedHashMap<>();
            ecdf.put(engine.label(), times);
            ecdf.put("ODE from M0 + Sigma^(1/2) Z", effective);
            String fig = "ecdf_d" + d + ".png";
            c.keep(fig, new Figure.EcdfPlot(engine + " vs effective-start ODE, phase retrieval p = 1, d = " + d,
                    "exit time (natural time t = steps·γ/(p·d))", ecdf, Map.of("ODE from M0", t.odeFromStart(),
                    "effective-start mean", t.effMean())));
            figures.add(0, fig);
        }
        c.keep("ratio.png", new Figure.PointsPlot(engine + " mean exit time / effective-start prediction (±1.96 SEM)",
                "d (log scale)", "t_exit(" + engine + ") / E[t_exit(ODE from M0 + Sigma^(1/2) Z)]",
                List.of(new Figures.Points(engine.label(), x, ratio, err)),
                Map.of("1", new Figures.Curve(new double[] {x[0], x[x.length - 1]}, new double[] {1, 1})), true));
        figures.add(0, "ratio.png");
        boolean pass = worstZ <= zCritical && minP > alpha; // false when minP is NaN
        return new Verdict(pass, String.format("largest |z| %.2f (mean against the effective-start prediction); smallest KS "
                        + "p %.3f", worstZ, minP),
                String.format("every |z| ≤ %.2f and every KS p > %.4f (each 5 %% family-wise over %d dimensions)", zCritical,
                        alpha, dims.length), figures,
                "Phase retrieval p = 1 (γ = 0.1, Δ = 1e-4), every replica from M₀ = 1/√d at each d (a fixed start, so "
                        + "the trend in d is not confounded by one random draw of M₀); " + n + " " + engine + " replicas per "
                        + "d against the finite-d prediction of `theory`: the ODE from M₀ + Σ^{1/2}Z, Σ the Lyapunov "
                        + "solution, each run exiting at the true R(0)'s level, its mean by quadrature (error in the "
                        + "table). z = (measured mean − predicted mean)/√(SEM² + error²). The deterministic ODE from M₀ "
                        + "(third column) is the d → ∞ approximation; its gap to the measured mean is the finite-d "
                        + "effect of the noise, which the effective start accounts for. Power: at " + n + " replicas "
                        + "the SEM is ≈ 0.03 natural time, so a shift of ≈ 0.1 (the size of that gap at d = 10³) is "
                        + "detected.\n\n" + table);
    }
}

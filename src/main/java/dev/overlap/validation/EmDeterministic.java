package dev.overlap.validation;

import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.Theory;
import dev.overlap.experiment.ExitTimesExperiment;
import dev.overlap.experiment.MonteCarlo;
import dev.overlap.report.Figure;
import dev.overlap.report.Figures;
import dev.overlap.modelfile.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.overlap.theory.ExitTimeLaw;

/**
 * The deterministic approximation and its finite-d correction: the chain's exit time has the Kolmogorov law of the
 * reduced diffusion at every d, and the deterministic ODE from the same start is its d → ∞ limit.
 */
final class EmDeterministic implements Claim {
    private static final double FAMILY_ALPHA = 0.05;

    @Override
    public String id() {
        return "em-deterministic-approximation";
    }

    @Override
    public String statement() {
        return "At finite d the chain's exit time has the law of the reduced diffusion (its backward Kolmogorov equation), "
                + "in mean and in law; the deterministic ODE from M₀ is its d → ∞ limit.";
    }

    @Override
    public String falsifier() {
        return "the noiseless ODE from M₀ in place of the chain: one deterministic time, no law, and off the mean by the "
                + "finite-d effect of the noise";
    }

    @Override
    public String source() {
        return "[EM] §3 and its appendix on the stochastic correction; docs/theory.md §7, §10";
    }

    @Override
    public Verdict check(Context c) {
        int[] dims = c.quick() ? new int[] {1_000, 10_000, 100_000} : new int[] {1_000, 10_000, 100_000, 1_000_000};
        int n = c.pick(300, 1000);
        double alpha = FAMILY_ALPHA / dims.length;
        double zCritical = Samples.zCritical(FAMILY_ALPHA, dims.length);
        EngineKind engine = c.falsify() ? EngineKind.ODE : EngineKind.CHAIN; // the falsifier: no noise at all
        double[] x = new double[dims.length];
        double[] ratio = new double[dims.length];
        double[] err = new double[dims.length];
        double worstZ = 0;
        double minP = 1;
        List<String> figures = new ArrayList<>();
        StringBuilder table = new StringBuilder("| d | ODE from M₀ | " + engine + " mean [95 % CI] | Kolmogorov mean ± "
                + "error | z | KS p (vs Kolmogorov) | effective start mean (not judged) | KS p (vs effective start) |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < dims.length; i++) {
            int d = dims[i];
            Map<String, String> set = Map.of("d", Integer.toString(d), "initial.M", "[[" + 1 / Math.sqrt(d) + "]]");
            ModelSpec m = c.model("model.yaml", set);
            ExitTimesExperiment.Outcome run = c.exitTimes("d" + d, m, engine, MonteCarlo.StartMode.SAME,
                    engine.deterministic() ? 1 : n, false);
            Theory.Prediction t = Theory.predict(c.claimedModel("model.yaml", set), d, n);
            ExitTimeLaw law = t.kolmogorov().law().orElseThrow();
            double[] times = Samples.escaped(run);
            double[] effective = Samples.finite(t.effective());
            AgainstLaw against = AgainstLaw.of(times, run.statistics(), law);
            double p = against.ksP();
            double z = against.z();
            double pEffective = times.length < 2 ? Double.NaN : Samples.ksPValue(times, effective);
            minP = Double.isNaN(p) || Double.isNaN(minP) ? Double.NaN : Math.min(minP, p);
            double sem = Double.isFinite(run.statistics().sem()) ? run.statistics().sem() : 0; // one ODE run: no spread
            worstZ = Math.max(worstZ, Math.abs(z));
            x[i] = d;
            ratio[i] = run.statistics().mean() / law.mean();
            err[i] = 1.96 * sem / law.mean();
            table.append(String.format("| %d | %.4f | %s | %.4f ± %.1e | %+.2f | %.3f | %.4f | %.3g |%n", d, t.odeFromStart(),
                    Samples.mean(run.statistics()), law.mean(), law.meanError(), z, p, t.effMean(), pEffective));
            Map<String, double[]> ecdf = new LinkedHashMap<>();
            ecdf.put(engine.label(), times);
            ecdf.put("Kolmogorov law " + Figures.EXACT, law.quasiSample(2000));
            ecdf.put("ODE from M0 + Sigma^(1/2) Z (first order)", effective);
            String fig = "ecdf_d" + d + ".png";
            c.keep(fig, new Figure.EcdfPlot(engine + " vs the Kolmogorov law, phase retrieval p = 1, d = " + d,
                    "exit time (natural time t = steps·γ/(p·d))", ecdf, Map.of("ODE from M0", t.odeFromStart(),
                    "Kolmogorov mean", law.mean())));
            figures.add(0, fig);
        }
        c.keep("ratio.png", new Figure.PointsPlot(engine + " mean exit time / the Kolmogorov law's mean (±1.96 SEM)",
                "d (log scale)", "t_exit(" + engine + ") / E[t_exit] (backward Kolmogorov equation)",
                List.of(new Figures.Points(engine.label(), x, ratio, err)),
                Map.of("1", new Figures.Curve(new double[] {x[0], x[x.length - 1]}, new double[] {1, 1})), true));
        figures.add(0, "ratio.png");
        boolean pass = worstZ <= zCritical && minP > alpha; // false when minP is NaN
        return new Verdict(pass, String.format("largest |z| %.2f (mean against the Kolmogorov law's); smallest KS p %.3f "
                        + "(against the law)", worstZ, minP),
                String.format("every |z| ≤ %.2f and every KS p > %.4f (each 5 %% family-wise over %d dimensions)", zCritical,
                        alpha, dims.length), figures,
                "Phase retrieval p = 1 (γ = 0.1, Δ = 1e-4), every replica from M₀ = 1/√d at each d (a fixed start, so "
                        + "the trend in d is not confounded by one random draw of M₀); " + n + " " + engine + " replicas per "
                        + "d against the exact finite-d law of the reduced diffusion, from its backward Kolmogorov "
                        + "equation (docs/theory.md §10; its numerical error in the table, far below the SEM): "
                        + "z = (measured mean − law's mean)/√(SEM² + error²), and the one-sample KS test against the "
                        + "law's CDF. The deterministic ODE from M₀ (second column) is [EM]'s d → ∞ approximation; its gap "
                        + "to the measured mean is the finite-d effect of the noise. `theory`'s first-order effective "
                        + "start (the ODE from M₀ + Σ^{1/2}Z) is shown, not judged: it puts all the noise at t = 0, and "
                        + "its law is too wide at d = 10³. Power: at " + n + " replicas the SEM is ≈ 0.03 natural time, "
                        + "so a shift of ≈ 0.1 (the ODE's gap at d = 10³) is detected, and KS resolves a CDF distance of "
                        + "≈ 1.4/√n.\n\n" + table);
    }
}

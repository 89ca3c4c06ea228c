package dev.overlap.validation;

import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.Theory;
import dev.overlap.experiment.ExitTimesExperiment;
import dev.overlap.experiment.MonteCarlo;
import dev.overlap.report.Figure;
import dev.overlap.report.Figures;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.stats.ExitStatistics;
import dev.overlap.stats.WeightedLine;
import java.util.List;
import java.util.Map;

/**
 * Mean exit time is linear in ln d with slope 1/(2λ_p), λ_p the escape rate at mediocrity, while its standard
 * deviation stays O(1): the randomness is the effective start's, whose scale is that of M₀ = 1/√d.
 */
final class EmDLogD implements Claim {
    /** The sd may change by at most this fraction of the mean's growth over the same decades of d. */
    private static final double SD_FRACTION = 0.1;

    @Override
    public String id() {
        return "em-d-log-d";
    }

    @Override
    public String statement() {
        return "The mean exit time grows like ln(d)/(2λ) with λ the linearised escape rate from `theory`, while its "
                + "standard deviation stays O(1).";
    }

    @Override
    public String falsifier() {
        return "every replica from the same M₀ = 0.05 at every d instead of 1/√d: the ln d growth, which is the time to grow M from 1/√d, is gone";
    }

    @Override
    public Map<String, String> falsifierOverrides() {
        return Map.of("initial.M", "[[0.05]]");
    }

    @Override
    public String source() {
        return "[EM] §3–4 (t_exit ~ ln d / (2λ), n ~ d ln d samples); docs/theory.md §7";
    }

    @Override
    public Verdict check(Context c) {
        int[] dims = c.quick() ? new int[] {1_000, 10_000, 100_000} : new int[] {1_000, 10_000, 100_000, 1_000_000};
        int n = c.pick(400, 1000);
        double tolerance = c.quick() ? 0.10 : 0.05;
        double[] lnD = new double[dims.length];
        double[] mean = new double[dims.length];
        double[] err = new double[dims.length];
        double[] sd = new double[dims.length];
        double[] sdSe = new double[dims.length];
        double lambda = Double.NaN;
        StringBuilder table = new StringBuilder("| d | M₀ = 1/√d | chain mean exit [95 % CI] | sd ± SE |\n|---|---|---|---|\n");
        for (int i = 0; i < dims.length; i++) {
            int d = dims[i];
            double m0 = 1 / Math.sqrt(d);
            ModelSpec m = c.model("model.yaml", Map.of("d", Integer.toString(d), "initial.M", "[[" + m0 + "]]"));
            if (i == 0) {
                lambda = Theory.leading(m, d).lambda();
            }
            ExitTimesExperiment.Outcome o = c.exitTimes("d" + d, m, EngineKind.CHAIN, MonteCarlo.StartMode.SAME, n, false);
            ExitStatistics s = o.statistics();
            lnD[i] = Math.log(d);
            mean[i] = s.mean();
            err[i] = 1.96 * s.sem();
            sd[i] = s.sd();
            sdSe[i] = s.sd() / Math.sqrt(2.0 * (s.escaped() - 1)); // the normal-theory SE of a standard deviation
            table.append(String.format("| %d | %.5f | %s | %.4f ± %.4f |%n", d, m0, Samples.mean(s), sd[i], sdSe[i]));
        }
        double[] se = new double[dims.length];
        for (int i = 0; i < dims.length; i++) {
            se[i] = err[i] / 1.96;
        }
        WeightedLine fit = WeightedLine.of(lnD, mean, se);
        double predicted = 1 / (2 * lambda);
        double rel = fit.slope() / predicted - 1;
        double[] x = new double[dims.length];
        double[] line = new double[dims.length];
        for (int i = 0; i < dims.length; i++) {
            x[i] = dims[i];
            // the theory's slope drawn through the fitted line at the smallest d
            line[i] = fit.intercept() + fit.slope() * lnD[0] + predicted * (lnD[i] - lnD[0]);
        }
        c.keep("exit_vs_d.png", new Figure.PointsPlot("Mean exit time against d, phase retrieval p = 1 (chain, " + n
                        + " replicas per d, ±1.96 SEM)", "d (log scale)", "mean exit time (natural time t = steps·γ/(p·d))",
                List.of(new Figures.Points(EngineKind.CHAIN.label(), x, mean, err)),
                Map.of("slope 1/(2λ) = " + String.format("%.4f", predicted), new Figures.Curve(x, line)), true));
        // the sd over the decades from d = 10⁴ on (d = 10³ is still below its limit: see the README), against the
        // mean's growth over the same decades
        int from = 1;
        int to = dims.length - 1;
        double meanGrowth = predicted * (lnD[to] - lnD[from]);
        double sdChange = sd[to] - sd[from];
        double sdChangeSe = Math.hypot(sdSe[to], sdSe[from]);
        boolean sdBounded = Math.abs(sdChange) <= SD_FRACTION * meanGrowth;
        return new Verdict(Math.abs(rel) <= tolerance && sdBounded,
                String.format("slope %.4f [%.4f, %.4f] (natural time per unit ln d) vs 1/(2λ) = %.4f (%+.1f %%); sd from "
                                + "d = %d to %d changes by %+.4f ± %.4f while the mean grows by %.4f", fit.slope(),
                        fit.slopeLower(), fit.slopeUpper(), predicted, 100 * rel, dims[from], dims[to], sdChange,
                        sdChangeSe, meanGrowth),
                String.format("|slope/(1/(2λ)) − 1| ≤ %.0f %%%s, and |sd change| ≤ %.0f %% of the mean's predicted growth "
                        + "over the same decades", 100 * tolerance,
                        c.quick() ? " (quick: d ≤ 10⁵ and fewer replicas; full mode 5 %)" : "", 100 * SD_FRACTION),
                List.of("exit_vs_d.png"),
                String.format("Phase retrieval p = 1 (γ = 0.1, Δ = 1e-4), every replica from M₀ = 1/√d (so the "
                        + "deterministic part of t_exit is ln(d)/(2λ) + const), %d chain replicas per d; λ = %.5f per "
                        + "unit natural time from `theory` (the Jacobian of dM/dt at mediocrity). Least-squares fit of "
                        + "the means on ln d, weighted by their standard errors, which give the slope's 95 %% CI; χ² goodness of "
                        + "the line p = %.3f.%n%n%s", n, lambda, fit.goodness(), table));
    }
}

package dev.overlap.validation;

import dev.overlap.experiment.ExitTimesExperiment;
import dev.overlap.experiment.MonteCarlo;
import dev.overlap.io.CurvesCsv;
import dev.overlap.engine.EngineKind;
import dev.overlap.engine.Observer;
import dev.overlap.experiment.Trial;
import dev.overlap.report.Figure;
import dev.overlap.report.Figures;
import dev.overlap.modelfile.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Gaussian-equivalent chain and ODE track the full network's signal overlaps and test error on XOR. */
final class XorReduced implements Claim {
    private static final double KS_ALPHA = 0.05;

    @Override
    public String id() {
        return "xor-reduced";
    }

    @Override
    public String statement() {
        return "The Gaussian-equivalent chain and ODE track the full network's signal overlaps and test error.";
    }

    @Override
    public String falsifier() {
        return "the reduced engines without the η² term (run.ode-quadratic: false drops it from the chain and the ODE), while sgd is unchanged";
    }

    @Override
    public Map<String, String> falsifierOverrides() {
        return Falsifiers.NO_QUADRATIC_TERM;
    }

    @Override
    public String source() {
        return "docs/theory.md §4 (Gaussian-equivalent chain) and §5; [XOR] phases 1–2";
    }

    @Override
    public Verdict check(Context c) {
        int n = c.pick(12, 40);
        ModelSpec m = c.model("model.yaml", Map.of());
        ExitTimesExperiment.Outcome sgd = c.exitTimes(EngineKind.SGD.label(), m, EngineKind.SGD, MonteCarlo.StartMode.SAME, n, true);
        ExitTimesExperiment.Outcome chain = c.exitTimes(EngineKind.CHAIN.label(), m, EngineKind.CHAIN, MonteCarlo.StartMode.SAME, n, true);
        System.out.println("  ode");
        // reported, not judged: quick mode integrates it on a quarter of the Sobol points (a quarter of the time)
        ModelSpec odeModel = c.quick() ? c.model("model.yaml", Map.of("run.qmc-points", "512")) : m;
        Trial.Outcome ode = Trial.of(odeModel, EngineKind.ODE).runOnce(Observer.NONE);
        double[][] s = meanCurves(sgd.curves());
        double[][] ch = meanCurves(chain.curves());
        int len = Math.min(s[0].length, ch[0].length);
        double worst = 0;
        for (int i = 1; i < len; i++) {
            worst = Math.max(worst, Math.abs(ch[3][i] - s[3][i]) / s[3][i]);
        }
        int e = ode.columns().indexOf("error");
        int w = ode.columns().indexOf("w_sig_mean");
        double[] ot = ode.rows().stream().mapToDouble(r -> r[0]).toArray();
        double[] oe = ode.rows().stream().mapToDouble(r -> r[e]).toArray();
        double[] ow = ode.rows().stream().mapToDouble(r -> r[w]).toArray();
        c.keep("error.png", new Figure.PointsPlot("XOR test error, d = " + m.d() + ", p = " + m.student().p() + " (mean of " + n
                        + " replicas from one start; ode: Gaussian-equivalent limit)", "t (SGD steps)",
                "test error P(sign f != y)", List.of(new Figures.Points(EngineKind.SGD.label(), s[0], s[2], new double[s[0].length]),
                        new Figures.Points(EngineKind.CHAIN.label(), ch[0], ch[2], new double[ch[0].length]),
                        new Figures.Points(EngineKind.ODE.label(), ot, oe, new double[ot.length])), Map.of(), false));
        c.keep("w_sig.png", new Figure.PointsPlot("XOR mean signal weight |w_sig| (same runs)", "t (SGD steps)",
                "mean over neurons of |w_sig,j|", List.of(new Figures.Points(EngineKind.SGD.label(), s[0], s[3], new double[s[0].length]),
                        new Figures.Points(EngineKind.CHAIN.label(), ch[0], ch[3], new double[ch[0].length]),
                        new Figures.Points(EngineKind.ODE.label(), ot, ow, new double[ot.length])), Map.of(), false));
        double ks = Samples.ksPValue(Samples.escaped(sgd), Samples.escaped(chain));
        double odeExit = ode.exitTime().orElse(Double.NaN);
        double odeRel = odeExit / sgd.statistics().mean() - 1;
        // judged: the KS test, the one criterion the falsifier can fail; the |w_sig| gap and the ODE's exit are
        // reported (under the falsifier they move by 3 %, inside the finite-d gaps any bound must allow at d = 200)
        boolean pass = ks > KS_ALPHA;
        return new Verdict(pass, String.format("phase-1 exit KS p %.3f (sgd %s, chain %s); reported: max relative gap "
                        + "in mean |w_sig| chain vs sgd %.3f, ode exit %.1f steps (%+.1f %% vs sgd)", ks,
                        Samples.mean(sgd.statistics()), Samples.mean(chain.statistics()), worst, odeExit, 100 * odeRel),
                "two-sample KS p > 0.05 on the phase-1 exit times (sgd against chain); the |w_sig| gap and the ODE's "
                        + "exit (the d → ∞ limit) are reported, not judged",
                List.of("error.png", "w_sig.png"),
                "models/xor.yaml at d = " + m.d() + ": " + n + " sgd and " + n + " chain replicas from the same balanced "
                        + "start (initial.seed " + m.initial().seed() + "), replica i on stream i of run.seed "
                        + m.run().seed() + ", recorded to t-max; the ODE (RK4, one step per SGD step, "
                        + odeModel.run().qmcPoints() + " Sobol points) from the same start. Phase 1 ends when the test error "
                        + "first falls to " + m.exit().threshold() + " (sgd: hypercube test set; chain and ode: "
                        + "Gaussian-equivalent).");
    }

    /** Rows t, risk, error, w_sig_mean averaged over replicas (they share the recording grid). */
    private static double[][] meanCurves(CurvesCsv.Table table) {
        List<List<double[]>> replicas = table.curves();
        int[] columns = {table.column("t"), table.column("risk"), table.column("error"), table.column("w_sig_mean")};
        int len = replicas.stream().mapToInt(List::size).min().orElse(0);
        double[][] out = new double[4][len];
        for (List<double[]> r : replicas) {
            for (int i = 0; i < len; i++) {
                for (int col = 0; col < 4; col++) {
                    out[col][i] += r.get(i)[columns[col]] / replicas.size();
                }
            }
        }
        return out;
    }
}

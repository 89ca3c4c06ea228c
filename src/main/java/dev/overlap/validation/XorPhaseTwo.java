package dev.overlap.validation;

import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.ExitTimesExperiment;
import dev.overlap.experiment.Models;
import dev.overlap.experiment.MonteCarlo;
import dev.overlap.io.ExitTimesCsv;
import dev.overlap.report.Figure;
import dev.overlap.report.Figures;
import dev.overlap.modelfile.ExitSpec;
import dev.overlap.modelfile.Kinds;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.stats.ExitStatistics;
import dev.overlap.stats.WeightedLine;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * [XOR] phase 2 (signal-heavy) lasts O(ln ln d/η): with η, θ, p and B held fixed while d varies, its duration grows
 * more slowly than ln d. Phase 2 of a run is the time from the end of phase 1 (test error first ≤ 0.25) to test
 * error first ≤ ε; both ends come from the same trajectory (one replica run to each threshold from the same
 * streams), and the judged statistic is its elasticity d ln T₂ / d ln ln d, which is 1 for a phase ∝ ln d and
 * 1/ln ln d ≈ 0.6 for a phase ∝ ln ln d.
 */
final class XorPhaseTwo implements Claim {
    @Override
    public String id() {
        return "xor-phase-two";
    }

    @Override
    public String statement() {
        return "With η, θ, p and B held fixed, phase 2 (test error from 0.25 to ε) lasts O(ln ln d/η): its elasticity "
                + "d ln T₂/d ln ln d is below 1, the value of a phase ∝ ln d such as phase 1.";
    }

    @Override
    public String source() {
        return "[XOR] §4 (phase 2: the signal-heavy neurons are amplified and the loss falls in Θ(ln ln d/η) steps); "
                + "docs/theory.md §8";
    }

    @Override
    public String falsifier() {
        return "a batch far below d (B = 64 instead of 1060): the SGD noise in the orthogonal directions, ≈ η²d/B per "
                + "step, then grows with d, and phase 2 must outgrow it";
    }

    @Override
    public Map<String, String> falsifierOverrides() {
        return Map.of("training.batch", "64");
    }

    /** The reference dimension whose regime (η = θ = 1/ln²d, p = ⌈ln²d⌉, B = ⌈d ln d⌉) every d runs in. */
    private static final int REFERENCE_D = 200;
    /** The elasticity of a phase ∝ ln d; phase 2's 95 % CI must lie below it. */
    static final double LOG_D_ELASTICITY = 1;
    private static final double PHASE_ONE_END = 0.25;

    @Override
    public Verdict check(Context c) {
        int[] dims = c.quick() ? new int[] {50, 100, 200, 400} : new int[] {50, 100, 200, 400, 800, 1600};
        int n = c.pick(10, 20);
        double lnRef = Math.log(REFERENCE_D);
        double theta = 1 / (lnRef * lnRef);
        Map<String, String> fixed = Map.of("training.learning-rate", Double.toString(theta),
                "initial.scale", Double.toString(theta),
                "student.p", Integer.toString((int) Math.ceil(lnRef * lnRef)),
                "training.batch", Integer.toString((int) Math.ceil(REFERENCE_D * lnRef)),
                // phase 1 takes ≈ 1.25 ln d/η steps and phase 2 a fraction of that: 8 ln d/η leaves room for both
                "run.t-max", "8 * log(d) / " + theta);
        double[] lnLnD = new double[dims.length];
        double[] lnT2 = new double[dims.length];
        double[] seT2 = new double[dims.length];
        double[] lnT1 = new double[dims.length];
        double[] seT1 = new double[dims.length];
        double[] x = new double[dims.length];
        double[] t2Eta = new double[dims.length];
        double[] t2Err = new double[dims.length];
        double[] t1Eta = new double[dims.length];
        double[] t1Err = new double[dims.length];
        double eta = Double.NaN;
        double epsilon = Double.NaN;
        int measured = 0;
        String unfinished = "";
        StringBuilder table = new StringBuilder("| d | phase 1 (steps), mean ± SEM | phase 2 (steps), mean ± SEM | phase 2 × η "
                + "| runs |\n|---|---|---|---|---|\n");
        for (int i = 0; i < dims.length; i++) {
            int d = dims[i];
            Map<String, String> set = new HashMap<>(fixed);
            set.put("d", Integer.toString(d));
            ModelSpec model = c.model("model.yaml", set);
            eta = Models.problem(model).learningRate();
            epsilon = model.exit().targetError();
            ModelSpec toPhaseOne = model.withExit(new ExitSpec(Kinds.ExitCriterion.ERROR, PHASE_ONE_END, true, epsilon));
            ModelSpec toEpsilon = model.withExit(model.exit().toTargetError());
            ExitTimesExperiment.Outcome one = c.exitTimes("d" + d + "-phase1", toPhaseOne, EngineKind.SGD,
                    MonteCarlo.StartMode.RANDOM, n, false);
            ExitTimesExperiment.Outcome two = c.exitTimes("d" + d + "-epsilon", toEpsilon, EngineKind.SGD,
                    MonteCarlo.StartMode.RANDOM, n, false);
            double[] t1 = times(one.rows(), n);
            double[] t2 = new double[n];
            int censored = 0;
            double[] ends = times(two.rows(), n);
            for (int r = 0; r < n; r++) {
                t2[r] = ends[r] - t1[r];
                if (!Double.isFinite(t2[r])) {
                    censored++;
                }
            }
            x[i] = d;
            lnLnD[i] = Math.log(Math.log(d));
            if (censored > 0) {
                unfinished = String.format("phase 2 did not end before t-max in %d of %d runs at d = %d; ", censored, n, d);
                table.append(String.format("| %d | | | | %d of %d runs did not reach ε |%n", d, censored, n));
                for (int rest = i + 1; rest < dims.length; rest++) {
                    x[rest] = dims[rest];
                    lnLnD[rest] = Math.log(Math.log(dims[rest]));
                    t1Eta[rest] = t2Eta[rest] = Double.NaN;
                    table.append(String.format("| %d | not run: a smaller d did not reach ε | | | |%n", dims[rest]));
                }
                t1Eta[i] = t2Eta[i] = Double.NaN;
                break;
            }
            ExitStatistics phaseOne = ExitStatistics.of(t1, model.run().seed());
            ExitStatistics phaseTwo = ExitStatistics.of(t2, model.run().seed());
            lnT1[i] = Math.log(phaseOne.mean());
            seT1[i] = phaseOne.sem() / phaseOne.mean(); // the standard error of ln(mean), to first order
            lnT2[i] = Math.log(phaseTwo.mean());
            seT2[i] = phaseTwo.sem() / phaseTwo.mean();
            t1Eta[i] = phaseOne.mean() * eta;
            t1Err[i] = 1.96 * phaseOne.sem() * eta;
            t2Eta[i] = phaseTwo.mean() * eta;
            t2Err[i] = 1.96 * phaseTwo.sem() * eta;
            measured++;
            table.append(String.format("| %d | %.1f ± %.1f | %.1f ± %.1f | %.3f | %d |%n", d, phaseOne.mean(), phaseOne.sem(),
                    phaseTwo.mean(), phaseTwo.sem(), t2Eta[i], n));
        }
        c.keep("phases.png", new Figure.PointsPlot("XOR at fixed η, θ, p, B: the two phases' durations × η (sgd, " + n
                        + " random starts per d, ±1.96 SEM)", "d (log scale)", "steps × η",
                List.of(new Figures.Points("phase 1 (to test error 0.25)", x, t1Eta, t1Err),
                        new Figures.Points("phase 2 (0.25 to ε)", x, t2Eta, t2Err)), Map.of(), true));
        String tolerance = "every run reaches ε, and the upper end of the 95 % CI of phase 2's elasticity "
                + "d ln T₂/d ln ln d below 1 (a phase ∝ ln d)";
        String method = String.format("η = θ = 1/ln²%d = %.4f, p = %d and batch %d at every d (the regime of "
                        + "models/xor.yaml at d = %d), each replica from its own balanced start, run once to test error 0.25 "
                        + "(T₁, the end of phase 1) and once, from the same streams, to ε = %s (T₁ + T₂); both crossings "
                        + "are located between the two steps that bracket them. Phase 2 of a run is T₂, and its mean over "
                        + "the runs with its standard error is fitted as ln mean T₂ = a + e·ln ln d (weighted least squares): "
                        + "e is 1 for a phase ∝ ln d, 1/ln ln d (0.5–0.75 here) for a phase ∝ ln ln d, 0 for a "
                        + "d-independent one. Phase 1's elasticity from the same runs is reported for contrast.%n%n%s",
                REFERENCE_D, eta, (int) Math.ceil(lnRef * lnRef), (int) Math.ceil(REFERENCE_D * lnRef), REFERENCE_D,
                epsilon, table);
        if (measured < 2) {
            return new Verdict(false, unfinished + measured + " dimension(s) measured", tolerance, List.of("phases.png"),
                    method);
        }
        WeightedLine two = WeightedLine.of(Arrays.copyOf(lnLnD, measured), Arrays.copyOf(lnT2, measured),
                Arrays.copyOf(seT2, measured));
        WeightedLine one = WeightedLine.of(Arrays.copyOf(lnLnD, measured), Arrays.copyOf(lnT1, measured),
                Arrays.copyOf(seT1, measured));
        boolean pass = unfinished.isEmpty() && two.slopeUpper() < LOG_D_ELASTICITY;
        return new Verdict(pass, unfinished + String.format("phase 2's elasticity d ln T₂/d ln ln d %.2f [%.2f, %.2f]; "
                                + "phase 2 × η %.2f at d = %d → %.2f at d = %d; phase 1's elasticity %.2f [%.2f, %.2f]",
                        two.slope(), two.slopeLower(), two.slopeUpper(), t2Eta[0], dims[0], t2Eta[measured - 1],
                        dims[measured - 1], one.slope(), one.slopeLower(), one.slopeUpper()),
                tolerance, List.of("phases.png"), method);
    }

    /** The replicas' times indexed by their seed (NaN: not reached). */
    private static double[] times(List<ExitTimesCsv.Row> rows, int n) {
        double[] t = new double[n];
        Arrays.fill(t, Double.NaN);
        for (ExitTimesCsv.Row r : rows) {
            t[r.seed()] = r.exitTime();
        }
        return t;
    }
}

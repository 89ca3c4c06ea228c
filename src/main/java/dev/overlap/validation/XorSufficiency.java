package dev.overlap.validation;

import dev.overlap.engine.EngineKind;
import dev.overlap.engine.Observer;
import dev.overlap.experiment.Trial;
import dev.overlap.report.Figure;
import dev.overlap.report.Figures;
import dev.overlap.modelfile.ModelSpec;
import java.util.ArrayList;
import dev.overlap.stats.SuccessRate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * [XOR] §4: it is sufficient that some neurons find the signal. Tested by ablation: only the first ⌈f·p⌉
 * units may carry the teacher's directions (the others have them projected out at every step,
 * student.signal-neurons), and the network must still learn XOR, its able units' second-layer weights
 * amplified far beyond the blind units'. Judged at f = 1/4 (8 of p = 29 units); 1/8 and 1/16 (4 and 2 units)
 * are reported with their success rate's CI: with so few able units the start's lottery (able units on both
 * diagonals with the right signs) decides, a property of a handful of units rather than of the fraction the
 * theorem, with p ≳ polylog d, speaks of.
 */
final class XorSufficiency implements Claim {
    /** The judged fraction of able units (8 of 29); 1/8 is reported in every mode, 1/16 in full mode. */
    private static final double JUDGED = 1.0 / 4;
    private static final double[] REPORTED = {1.0 / 16, 1.0 / 8};
    /**
     * The able units' mean |a_j| over the blind units' at t-max, at least: they start equal (θ), and the
     * signal units' weights must at least double, the growth xor-balance asks of signal-heavy neurons.
     */
    private static final double AMPLIFICATION = 2;

    @Override
    public String id() {
        return "xor-sufficiency";
    }

    @Override
    public String statement() {
        return "It is sufficient that a fraction of the neurons find the signal: with only ⌈p/4⌉ units able to carry it, "
                + "SGD still learns XOR, through those units' amplified second-layer weights (⌈p/8⌉ and ⌈p/16⌉ reported).";
    }

    @Override
    public String source() {
        return "[XOR] §4 (phase 2: a fraction of signal-heavy neurons, amplified by a_j, carry f); docs/theory.md §8";
    }

    @Override
    public String falsifier() {
        return "no unit able to carry the signal (student.signal-neurons: 0): the network must not learn XOR";
    }

    @Override
    public Map<String, String> falsifierOverrides() {
        return Map.of("student.signal-neurons", "0");
    }

    /** The Clopper–Pearson 95 % interval of a success rate, as text. */
    private static String successInterval(int successes, int trials) {
        SuccessRate r = SuccessRate.of(successes, trials);
        return String.format("success rate 95 %% CI [%.2f, %.2f]", r.lower(), r.upper());
    }

    /** One run: when it first reached the target error (∞: never), its test error and the two groups' mean |a_j| at t-max. */
    private record Run(double fraction, int able, int seed, double exit, double error, double ableA, double blindA) {
        double amplification() {
            return ableA / blindA;
        }
    }

    @Override
    public Verdict check(Context c) {
        int n = c.pick(2, 10);
        List<Run> runs = new ArrayList<>();
        ModelSpec base = c.claimedModel("model.yaml", Map.of());
        int p = base.student().p();
        double target = base.exit().threshold();
        List<Double> fractions = new ArrayList<>();
        if (!c.quick() && !c.falsify()) {
            fractions.add(REPORTED[0]);
        }
        fractions.add(REPORTED[1]);
        fractions.add(JUDGED);
        Map<String, List<Figures.Curve>> curves = new LinkedHashMap<>();
        for (double f : fractions) {
            int able = (int) Math.ceil(f * p);
            for (int seed = 1; seed <= n; seed++) {
                System.out.printf("  sgd, %d of %d units able, seed %d of %d%n", able, p, seed, n);
                ModelSpec m = c.model("model.yaml", Map.of("student.signal-neurons", Integer.toString(able),
                        "initial.seed", Integer.toString(seed), "run.seed", Integer.toString(seed)));
                Trial.Outcome r = Trial.of(m, EngineKind.SGD).runOnce(Observer.NONE);
                int ei = r.columns().indexOf("error_test");
                double[] last = r.rows().get(r.rows().size() - 1);
                double ableA = 0;
                double blindA = 0;
                int used = m.student().signalNeurons();
                for (int j = 0; j < p; j++) {
                    double a = Math.abs(last[r.columns().indexOf("a_" + (j + 1))]);
                    if (j < used) {
                        ableA += a / Math.max(used, 1);
                    } else {
                        blindA += a / (p - used);
                    }
                }
                runs.add(new Run(f, used, seed, r.exitTime().orElse(Double.POSITIVE_INFINITY), last[ei], ableA, blindA));
                curves.computeIfAbsent(used + " of " + p + " units able", k -> new ArrayList<>()).add(new Figures.Curve(
                        r.rows().stream().mapToDouble(row -> row[0]).toArray(),
                        r.rows().stream().mapToDouble(row -> row[ei]).toArray()));
            }
        }
        c.keep("error.png", new Figure.CurvesPlot("XOR test error with only some units able to carry the signal (sgd, d = "
                + base.d() + ", p = " + p + ", " + n + " seeds each)", "t (SGD steps)", "hypercube test error", curves, null, 0,
                false, Map.of()));
        boolean pass = true;
        double worstError = 0;
        double smallestAmplification = Double.POSITIVE_INFINITY;
        StringBuilder table = new StringBuilder("| able units | seed | first test error ≤ target (steps) | test error at "
                + "t-max | mean \\|a_j\\| at t-max, able / blind | judged |\n|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            boolean judged = r.fraction() == JUDGED;
            if (judged) {
                worstError = Math.max(worstError, r.error());
                smallestAmplification = Math.min(smallestAmplification, r.able() == 0 ? 0 : r.amplification());
                pass &= Double.isFinite(r.exit()) && r.able() > 0 && r.amplification() >= AMPLIFICATION;
            }
            table.append(String.format("| %d of %d | %d | %s | %.4f | %s | %s |%n", r.able(), p, r.seed(),
                    Double.isFinite(r.exit()) ? String.format("%.0f", r.exit()) : "not before t-max = " + Math.round(base.run().tMax()),
                    r.error(), r.able() == 0 ? "no able unit" : String.format("%.3f / %.3f = %.1f", r.ableA(), r.blindA(),
                            r.amplification()), judged ? "yes" : "reported"));
        }
        StringBuilder finding = new StringBuilder();
        for (double f : REPORTED) {
            List<Run> reported = runs.stream().filter(r -> r.fraction() == f).toList();
            if (reported.isEmpty()) {
                continue;
            }
            int learned = (int) reported.stream().filter(r -> Double.isFinite(r.exit())).count();
            finding.append(String.format(" Reported: with %d of %d units able %d of %d seeds reach it (%s; test errors at "
                            + "t-max %s).", reported.get(0).able(), p, learned, reported.size(),
                    successInterval(learned, reported.size()),
                    reported.stream().map(r -> String.format("%.3f", r.error())).toList()));
        }
        long reached = runs.stream().filter(r -> r.fraction() == JUDGED && Double.isFinite(r.exit())).count();
        long judgedRuns = runs.stream().filter(r -> r.fraction() == JUDGED).count();
        return new Verdict(pass, String.format("%d of %d runs at f = 1/4 reach test error %.2f (largest test error "
                        + "at t-max %.3f); smallest ratio of the able units' mean |a_j| to the blind units' %.1f.%s", reached,
                        judgedRuns, target, worstError, smallestAmplification, finding),
                "at f = 1/4 every seed reaches test error " + target + " before t-max, with the able units' mean |a_j| "
                        + "at t-max at least " + AMPLIFICATION + " times the blind units' (both start at θ); f = 1/8 and "
                        + "1/16 reported with the Clopper–Pearson 95 % interval of their success rate", List.of("error.png"),
                String.format("sgd on models/xor.yaml's model (d = %d, p = %d, η = θ = 1/ln²d, B = ⌈d ln d⌉, balanced start) "
                        + "with only units 1 … ⌈f·p⌉ able to carry the signal: the others have their components along the "
                        + "teacher directions e_i, e_j projected out at the start and after every step "
                        + "(student.signal-neurons), and keep training their other components and a_j. initial.seed = "
                        + "run.seed = 1 … %d; the exit is the hypercube test error's (%d inputs) first crossing of %.2f, and "
                        + "every run goes on to t-max = 8 ln³d = %.0f steps (2× models/xor.yaml's).%n%n%s", base.d(), p, n,
                        base.observe().testSet(), target, base.run().tMax(), table));
    }
}

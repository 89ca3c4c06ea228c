package dev.overlap.validation;

import dev.overlap.experiment.FrozenFeatures;
import dev.overlap.experiment.Models;
import dev.overlap.io.CsvTable;
import dev.overlap.problem.Problem;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.report.Figure;
import dev.overlap.report.Figures;
import dev.overlap.stats.CensoredMedian;
import dev.overlap.stats.WeightedLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The baseline [XOR] improves on: with the first layer frozen at its random start (random features, the lazy
 * regime), online SGD on the second layer needs ~d² samples to reach test error ε, a log–log slope of 2, where
 * the network trained on both layers needs d·polylog d (xor-sample-complexity).
 */
final class XorLazyBaseline implements Claim {
    @Override
    public String id() {
        return "xor-lazy-baseline";
    }

    @Override
    public String statement() {
        return "With the first layer frozen at random (P = 2d² random ReLU features, only the second layer trained), "
                + "the samples to reach test error ε, minimised over the learning rate at each d, grow like d²: the "
                + "log–log slope is 2 within the finite-d band [1.6, 2.4].";
    }

    @Override
    public String source() {
        return "[XOR] §1 (kernel and random-features methods need ~d² samples for XOR; the trained network d·polylog d); "
                + "docs/theory.md §8";
    }

    @Override
    public String falsifier() {
        return "frozen features that already see the signal: the rows drawn in the plane of the two teacher coordinates, "
                + "so XOR is the same two-dimensional problem at every d";
    }

    /** Features per d²: enough to represent the d(d−1)/2 degree-2 harmonics (at P = d²/2 most runs never reach ε). */
    static final double FEATURES_PER_D2 = 2;
    /** The band for the slope: 2 ± 0.4 (see the README: four times the largest finite-d correction we can name). */
    static final double LOWER = 1.6;
    static final double UPPER = 2.4;
    /** Runs that have not reached ε after this many samples per d² are censored (observed: 4–15 per d²). */
    private static final long MAX_SAMPLES_PER_D2 = 100;
    private static final int TEST_SIZE = 2000;

    @Override
    public Verdict check(Context c) {
        int[] dims = c.quick() ? new int[] {12, 24, 48} : new int[] {12, 24, 48, 96};
        double[] rates = c.quick() ? new double[] {4, 8} : new double[] {4, 8, 16};
        int n = c.pick(6, 10);
        FrozenFeatures.Rows rows = c.falsify() ? FrozenFeatures.Rows.SIGNAL_PLANE : FrozenFeatures.Rows.RANDOM;
        double epsilon = Double.NaN;
        double[] x = new double[dims.length];
        double[] y = new double[dims.length];
        double[] se = new double[dims.length];
        double[] best = new double[dims.length];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        CensoredMedian[][] medians = new CensoredMedian[rates.length][dims.length];
        StringBuilder table = new StringBuilder("| d | P |");
        for (double r : rates) {
            table.append(" median n, r = ").append(r).append(" [95 % CI] |");
        }
        table.append(" minimum n/d² |\n|---|---|").append("---|".repeat(rates.length)).append("---|\n");
        int reached = 0;
        for (int i = 0; i < dims.length; i++) {
            int d = dims[i];
            ModelSpec model = c.model("model.yaml", Map.of("d", Integer.toString(d)));
            Problem problem = Models.problem(model);
            epsilon = model.exit().targetError();
            int features = (int) Math.ceil(FEATURES_PER_D2 * d * d);
            table.append("| ").append(d).append(" | ").append(features).append(" |");
            CensoredMedian chosen = null;
            for (int k = 0; k < rates.length; k++) {
                FrozenFeatures.Settings settings = new FrozenFeatures.Settings(rows, features, rates[k],
                        MAX_SAMPLES_PER_D2 * d * d, TEST_SIZE, epsilon);
                long seed = model.run().seed() + 1000L * d + k;
                double[] samples = samples(c, problem, settings, seed, n, String.format("d%d-rate%s.csv", d, rates[k]));
                CensoredMedian m = CensoredMedian.of(samples, model.run().seed());
                medians[k][i] = m;
                table.append(String.format(" %.4g [%.4g, %.4g] |", m.median(), m.lower(), m.upper()));
                chosen = Samples.smaller(chosen, m);
            }
            x[i] = Math.log(d);
            if (chosen != null) {
                best[i] = chosen.median();
                y[i] = Math.log(best[i]);
                se[i] = Samples.lnMedianError(chosen);
                reached++;
            }
            table.append(String.format(" %.2f |%n", best[i] / ((double) d * d)));
        }
        double[] dx = Arrays.stream(dims).asDoubleStream().toArray();
        List<Figures.Points> series = new ArrayList<>();
        for (int k = 0; k < rates.length; k++) {
            double[] med = new double[dims.length];
            for (int i = 0; i < dims.length; i++) {
                double m = medians[k][i].median() / ((double) dims[i] * dims[i]);
                med[i] = Double.isFinite(m) ? m : Double.NaN; // a censored median is not drawn
            }
            series.add(new Figures.Points("r = " + rates[k], dx, med, new double[dims.length]));
        }
        c.keep("samples_over_d2.png", new Figure.PointsPlot("XOR, frozen random features: median samples to test error ε, "
                + "divided by d² (" + n + " runs per d and rate)", "d (log scale)", "median n / d²", series, Map.of(), true));
        String method = String.format("Online SGD (batch 1, logistic loss) on the second layer of P = %s·d² frozen ReLU "
                + "features, rows uniform on the unit sphere, read out as (1/P) Σ a_j relu(w_j·x) with per-neuron rate r·P "
                + "for r in %s, a = 0 at the start; %d runs per d and r, each until the error on a fixed test set of %d "
                + "uniform hypercube inputs (checked at steps growing by ×%s) first falls to ε = %s, censored (+∞) after "
                + "%d·d² samples; run i of (d, r) uses stream i of the seed run.seed + 1000·d + (index of r). n = samples at that check; median over the runs with a bootstrap CI. At each d the rate "
                + "with the smallest median is taken, and the slope is the weighted line through ln(minimum n) on ln d, "
                + "its standard errors from that median's CI.%n%n%s", FEATURES_PER_D2, Arrays.toString(rates), n,
                TEST_SIZE, FrozenFeatures.GRID_RATIO, epsilon, MAX_SAMPLES_PER_D2, table);
        String tolerance = String.format("every d reaches ε, and the slope's 95 %% CI inside [%s, %s]", LOWER, UPPER);
        if (reached < 2) {
            return new Verdict(false, reached + " of " + dims.length + " dimensions reached ε (censored medians)", tolerance,
                    List.of("samples_over_d2.png"), method);
        }
        List<Integer> ok = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            if (Double.isFinite(best[i])) {
                ok.add(i);
            }
        }
        WeightedLine f = WeightedLine.of(ok.stream().mapToDouble(i -> x[i]).toArray(),
                ok.stream().mapToDouble(i -> y[i]).toArray(), ok.stream().mapToDouble(i -> se[i]).toArray());
        boolean pass = reached == dims.length && f.slopeLower() >= LOWER && f.slopeUpper() <= UPPER;
        return new Verdict(pass, String.format("slope of ln(minimum n) on ln d %.2f [%.2f, %.2f] (weighted); minimum "
                        + "n/d² = %s%s", f.slope(), f.slopeLower(), f.slopeUpper(),
                ok.stream().map(i -> String.format("%.2f", best[i] / ((double) dims[i] * dims[i]))).toList(),
                reached < dims.length ? "; " + (dims.length - reached) + " d never reached ε" : ""),
                tolerance, List.of("samples_over_d2.png"), method);
    }

    /**
     * The runs of one (d, rate), kept in the claim's folder so that --resume does not repeat them; while they run,
     * each finished run is kept in a {@code .partial} file too, so an interrupted (d, rate) resumes from its
     * finished runs (at d = 96 a run takes minutes).
     */
    private static double[] samples(Context c, Problem problem, FrozenFeatures.Settings settings, long seed, int n,
                                    String file) {
        Path path = c.out().resolve(file);
        Path partial = c.out().resolve(file + ".partial");
        if (c.resume() && Files.isRegularFile(path)) {
            double[] kept = read(path).values().stream().mapToDouble(Double::doubleValue).toArray();
            if (kept.length == n) {
                return kept;
            }
        }
        Map<Integer, Double> finished = new TreeMap<>();
        if (c.resume() && Files.isRegularFile(partial)) {
            read(partial).forEach((run, samples) -> {
                if (run < n) {
                    finished.put(run, samples);
                }
            });
        }
        System.out.printf("  frozen features at d = %d, P = %d, r = %s: %d runs%s%n", problem.d(), settings.features(),
                settings.rate(), n, finished.isEmpty() ? "" : " (" + finished.size() + " kept from an interrupted run)");
        double[] samples = FrozenFeatures.samplesToError(problem, settings, seed, n, c.threads(), Map.copyOf(finished),
                (run, m) -> {
                    finished.put(run, m);
                    CsvTable.write(partial, List.of("run", "samples"), finished.entrySet().stream()
                            .map(e -> List.of(Integer.toString(e.getKey()), Double.toString(e.getValue()))).toList());
                    System.out.printf("    run %d: %s (%d of %d runs done)%n", run, Double.isFinite(m)
                                    ? String.format("%.0f samples to test error ≤ %s", m, settings.epsilon())
                                    : String.format("censored: test error above %s after %d samples", settings.epsilon(),
                                            settings.maxSteps()), finished.size(), n);
                });
        CsvTable.write(path, List.of("run", "samples"), IntStream.range(0, n)
                .mapToObj(i -> List.of(Integer.toString(i), Double.toString(samples[i]))).toList());
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return samples;
    }

    /** Run index → samples from a "run,samples" CSV (written atomically by {@link CsvTable}); any other file holds none. */
    private static Map<Integer, Double> read(Path path) {
        try {
            List<String> lines = Files.readAllLines(path);
            Map<Integer, Double> runs = new TreeMap<>();
            if (lines.isEmpty() || !lines.get(0).equals("run,samples")) {
                return runs; // not this version's file: its runs are measured again
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                runs.put(Integer.parseInt(cells[0]), Double.parseDouble(cells[1]));
            }
            return runs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

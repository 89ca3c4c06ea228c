package dev.overlap.report;

import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.Comparison;
import dev.overlap.experiment.ExitTimesExperiment;
import dev.overlap.experiment.Summaries;
import dev.overlap.experiment.Theory;
import dev.overlap.theory.ExitTimeLaw;
import dev.overlap.io.BuildInfo;
import dev.overlap.modelfile.ModelWriter;
import dev.overlap.stats.ExitStatistics;
import dev.overlap.stats.TwoSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * compare.json: everything report.md says, machine-readable — per engine its law, statistics, wall time
 * and ratio to the ODE; the two-sample tests; the theory with its effective-start samples — and what the
 * figures need to be redrawn from the saved files ({@code figures}).
 */
final class CompareJson {
    private CompareJson() {
    }

    static Map<String, Object> of(Comparison.Result r, Map<String, double[]> samples, List<TwoSample.Pair> pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("program", BuildInfo.stamp());
        out.put("name", r.model().name());
        out.put("d", r.model().d());
        out.put("p", r.model().student().p());
        out.put("timeDefinition", r.trial().time().definition());
        out.put("exitDefinition", r.trial().with(EngineKind.SGD).exitDefinition());
        out.put("start", r.settings().start().name().toLowerCase(java.util.Locale.ROOT));
        out.put("seeds", Map.of("root", r.model().run().seed(), "initial", r.model().initial().seed(),
                "rule", "replica i (column replica / seed) uses the i-th stream split from the root seed"));
        out.put("model", ModelWriter.toTree(r.model()));
        double ode = r.odeExit();
        out.put("odeExitTime", num(ode));
        Map<String, Object> engines = new LinkedHashMap<>();
        for (Map.Entry<EngineKind, ExitTimesExperiment.Outcome> e : r.engines().entrySet()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("law", e.getKey().describe(r.trial().problem()));
            one.put("statistics", Summaries.statistics(e.getValue().statistics()));
            one.put("meanOverOde", num(e.getValue().statistics().mean() / ode));
            one.put("wallSeconds", e.getValue().wallSeconds());
            engines.put(e.getKey().label(), one);
        }
        out.put("engines", engines);
        out.put("engineTable", engineTable(r, ode));
        List<Map<String, Object>> tests = new ArrayList<>();
        for (TwoSample.Pair pair : pairs) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("engines", List.of(pair.first(), pair.second()));
            t.put("n1", pair.test().n1());
            t.put("n2", pair.test().n2());
            t.put("ksStatistic", pair.test().statistic());
            t.put("pValue", pair.test().pValue());
            tests.add(t);
        }
        out.put("twoSampleTests", tests);
        Theory.Prediction t = r.theory();
        if (t == null) {
            out.put("theory", Map.of("note", r.theoryNote()));
        } else {
            Map<String, Object> th = new LinkedHashMap<>();
            th.put("lambda", num(t.lambda()));
            th.put("incrementVariance", Arrays.stream(t.incrementVar()).boxed().toList());
            th.put("leading", num(t.leading()));
            th.put("odeFromInverseSqrtD", num(t.odeFromScale()));
            th.put("offset", num(t.offset()));
            th.put("maxAbsM0", num(t.m0()));
            th.put("odeFromStart", num(t.odeFromStart()));
            th.put("sigmaEff", num(t.sigmaEff()));
            th.put("effectiveMean", num(t.effMean()));
            th.put("effectiveMeanError", num(t.effMeanError()));
            th.put("effectiveMeanMethod", t.effMeanMethod());
            th.put("effectiveCovariance", t.covariance());
            th.put("effectiveQuantiles", Arrays.stream(t.quantiles()).mapToObj(CompareJson::num).toList());
            th.put("effectiveNotEscaped", t.notEscaped());
            th.put("effectiveSamples", Arrays.stream(t.effective()).mapToObj(CompareJson::num).toList());
            th.put("kolmogorov", kolmogorov(t.kolmogorov()));
            out.put("theory", th);
        }
        Map<String, Object> fig = new LinkedHashMap<>();
        fig.put("title", r.model().name() + ", d = " + r.model().d() + ", p = " + r.model().student().p());
        fig.put("engines", r.engines().keySet().stream().map(EngineKind::label).toList());
        fig.put("ecdf", List.copyOf(samples.keySet()));
        Map<String, Object> lines = new LinkedHashMap<>();
        lines.put("ode from this start", num(ode));
        if (t != null) {
            lines.put("theory: effective-IC mean", num(t.effMean()));
            t.kolmogorov().law().ifPresent(law -> lines.put("Kolmogorov mean", num(law.mean())));
        }
        fig.put("lines", lines);
        fig.put("riskWindowStart", riskWindowStart(r));
        fig.put("xor", CompareReport.xor(r.model()));
        fig.put("curves", r.settings().recordsCurves());
        out.put("figures", fig);
        return out;
    }

    /**
     * The exact law of the reduced diffusion (docs/theory.md §10) as compare.json records it: mean, sd, quantiles at
     * {@link ExitTimeLaw#LEVELS}, their numerical errors, the method and the survival curve; or why there is none.
     */
    static Map<String, Object> kolmogorov(Theory.Kolmogorov k) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (k.law().isEmpty()) {
            out.put("note", k.scope());
            return out;
        }
        ExitTimeLaw law = k.law().get();
        out.put("mean", num(law.mean()));
        out.put("meanError", num(law.meanError()));
        out.put("sd", num(law.sd()));
        out.put("levels", Arrays.stream(ExitTimeLaw.LEVELS).boxed().toList());
        out.put("quantiles", Arrays.stream(law.quantiles()).mapToObj(CompareJson::num).toList());
        out.put("quantileError", num(law.quantileError()));
        out.put("method", law.method());
        // the survival curve thinned to at most 2000 points: what a figure or a reader's ECDF overlay needs
        double[] times = law.times();
        double[] survival = law.survival();
        int stride = Math.max(1, times.length / 2000);
        List<Double> ts = new ArrayList<>();
        List<Double> ss = new ArrayList<>();
        for (int i = 0; i < times.length; i += stride) {
            ts.add(times[i]);
            ss.add(survival[i]);
        }
        out.put("times", ts);
        out.put("survival", ss);
        return out;
    }

    /**
     * Where the risk-curve figure's log time axis starts: half the earliest 5 % quantile of the random engines'
     * exit times, so the exits are inside the window, and never after t-max/10.
     */
    private static double riskWindowStart(Comparison.Result r) {
        double start = r.model().run().tMax() / 10;
        for (Map.Entry<EngineKind, ExitTimesExperiment.Outcome> e : r.engines().entrySet()) {
            double q05 = e.getValue().statistics().quantiles()[0];
            if (!e.getKey().deterministic() && Double.isFinite(q05) && q05 > 0) {
                start = Math.min(start, q05 / 2);
            }
        }
        return start;
    }

    private static Double num(double x) {
        return Double.isFinite(x) ? x : null;
    }

    /**
     * The engines' statistics as flat rows, one per engine, for a data frame in one line
     * ({@code pd.DataFrame(compare["engineTable"])}): {@link Summaries#statistics} flattened (its intervals as
     * {@code meanLower}/{@code meanUpper}, {@code medianLower}/{@code medianUpper}, its quantiles as columns), in the
     * run's time unit.
     */
    private static List<Map<String, Object>> engineTable(Comparison.Result r, double ode) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<EngineKind, ExitTimesExperiment.Outcome> e : r.engines().entrySet()) {
            ExitStatistics s = e.getValue().statistics();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("engine", e.getKey().label());
            Summaries.statistics(s).forEach((key, value) -> {
                if (value instanceof List<?> interval) { // ci95Mean → meanLower, meanUpper
                    String of = key.substring("ci95".length(), "ci95".length() + 1).toLowerCase(java.util.Locale.ROOT)
                            + key.substring("ci95".length() + 1);
                    row.put(of + "Lower", interval.get(0));
                    row.put(of + "Upper", interval.get(1));
                } else if (value instanceof Map<?, ?> quantiles) {
                    quantiles.forEach((q, v) -> row.put(q.toString(), v));
                } else if (!key.equals("note")) {
                    row.put(key, value);
                }
            });
            row.put("meanOverOde", num(s.mean() / ode));
            row.put("wallSeconds", e.getValue().wallSeconds());
            rows.add(row);
        }
        return rows;
    }
}

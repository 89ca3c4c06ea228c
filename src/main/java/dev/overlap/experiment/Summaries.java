package dev.overlap.experiment;

import dev.overlap.io.BuildInfo;
import dev.overlap.modelfile.Choice;
import dev.overlap.modelfile.ModelWriter;
import dev.overlap.stats.ExitStatistics;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** summary.json, built in one place for single runs and Monte Carlo experiments (stable keys of docs/architecture.md). */
public final class Summaries {
    /** Definition of the risk column, written into summary.json. */
    public static final String RISK_DEFINITION = "population loss E[l(yhat, g(nu))] against the noiseless teacher "
            + "label, from the overlaps; for the square loss this is the excess risk E[l] - Delta/2";

    private Summaries() {
    }

    /** The summary of one recorded run (overlap run). */
    public static Map<String, Object> run(Trial trial, Trial.Outcome o) {
        Map<String, Object> s = common(trial);
        @SuppressWarnings("unchecked")
        Map<String, Object> exit = (Map<String, Object>) s.get("exit");
        exit.put("level", o.exitLevel());
        exit.put("time", o.exitTime().isPresent() ? o.exitTime().getAsDouble() : null);
        exit.put("escaped", o.exitTime().isPresent());
        s.put("seeds", seeds(trial, MonteCarlo.StartMode.SAME, 1));
        s.put("risk", RISK_DEFINITION);
        s.put("steps", o.steps());
        s.put("samples", o.steps() * trial.problem().batch());
        s.put("wallSeconds", o.wallSeconds());
        return s;
    }

    /** The summary of a Monte Carlo experiment of {@code n} replicas. */
    public static Map<String, Object> monteCarlo(MonteCarlo.Plan plan, ExitStatistics stats, int n, double wall) {
        Map<String, Object> s = common(plan.trial());
        s.put("start", label(plan.start()));
        if (!plan.shard().whole()) {
            s.put("shard", ExitTimesExperiment.shard(plan));
        }
        s.put("seeds", seeds(plan.trial(), plan.start(), n));
        s.put("statistics", statistics(stats));
        s.put("wallSeconds", wall);
        return s;
    }

    /** What any output of a trial says about itself: engine and its law, sizes, time convention, model, exit rule. */
    private static Map<String, Object> common(Trial trial) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("program", BuildInfo.stamp());
        s.put("engine", trial.kind().label());
        s.put("engineLaw", trial.kind().describe(trial.problem()));
        s.put("d", trial.problem().d());
        s.put("p", trial.problem().p());
        s.put("timeUnit", trial.time().unit().label());
        s.put("timeDefinition", trial.time().definition());
        s.put("model", ModelWriter.toTree(trial.model()));
        Map<String, Object> exit = new LinkedHashMap<>();
        exit.put("criterion", Choice.name(trial.model().exit().criterion()));
        exit.put("threshold", trial.exit().threshold());
        exit.put("definition", trial.exitDefinition());
        s.put("exit", exit);
        return s;
    }

    /** Which random streams made the output: the root seed, the start's seed, how many replicas, the rule. */
    static Map<String, Object> seeds(Trial trial, MonteCarlo.StartMode start, int replicas) {
        Map<String, Object> seeds = new LinkedHashMap<>();
        seeds.put("root", trial.model().run().seed());
        seeds.put("initial", trial.model().initial().seed());
        seeds.put("replicas", replicas);
        seeds.put("rule", "replica i uses the i-th stream split from run.seed (L64X128MixRandom)"
                + (start == MonteCarlo.StartMode.RANDOM ? "; its initial condition uses a generator split off that stream"
                : "; every replica starts from the start drawn from initial.seed"));
        return seeds;
    }

    /** The statistics block of summary.json. */
    public static Map<String, Object> statistics(ExitStatistics s) {
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("n", s.n());
        st.put("escaped", s.escaped());
        st.put("censored", s.censored());
        st.put("note", "moments, quantiles and 95% bootstrap intervals over escaped replicas; when censored the mean "
                + "is biased low");
        st.put("mean", num(s.mean()));
        st.put("sd", num(s.sd()));
        st.put("sem", num(s.sem()));
        st.put("median", num(s.median()));
        st.put("ci95Mean", Arrays.asList(num(s.ci95Mean()[0]), num(s.ci95Mean()[1])));
        st.put("ci95Median", Arrays.asList(num(s.ci95Median()[0]), num(s.ci95Median()[1])));
        Map<String, Object> q = new LinkedHashMap<>();
        for (int i = 0; i < ExitStatistics.LEVELS.length; i++) {
            q.put(String.format("q%02d", Math.round(100 * ExitStatistics.LEVELS[i])), num(s.quantiles()[i]));
        }
        st.put("quantiles", q);
        return st;
    }

    static String label(MonteCarlo.StartMode start) {
        return start.name().toLowerCase(Locale.ROOT);
    }

    static Double num(double x) {
        return Double.isFinite(x) ? x : null;
    }
}

package dev.overlap.experiment;

import dev.overlap.engine.EngineKind;
import dev.overlap.engine.Seeds;
import dev.overlap.engine.TimeAxis;
import dev.overlap.engine.ode.Drifts;
import dev.overlap.engine.ode.OdeEngine;
import dev.overlap.exit.EscapeTheory;
import dev.overlap.exit.ExitCriteria;
import dev.overlap.exit.ExitDetector;
import dev.overlap.exit.ExitRule;
import dev.overlap.exit.NoMediocrityException;
import dev.overlap.linalg.Matrices;
import dev.overlap.overlaps.OverlapState;
import dev.overlap.overlaps.PopulationRisk;
import dev.overlap.problem.Problem;
import dev.overlap.spec.Kinds;
import dev.overlap.stats.Quantiles;
import dev.overlap.spec.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Predicted exit times across dimensions ({@code overlap theory}). All times are in the model's time
 * unit; λ is per unit of natural time t = steps·γ/(p d).
 */
public final class Theory {
    /** Quantile levels reported for the effective-initial-condition distribution. */
    public static final double[] LEVELS = {0.05, 0.25, 0.5, 0.75, 0.95};

    private Theory() {
    }

    /**
     * One dimension's predictions.
     *
     * @param lambda       escape rate per unit natural time
     * @param incrementVar diagonal of C = Cov[G ν] at mediocrity (s² per M entry)
     * @param leading      ln(d)/(2λ)
     * @param odeFromScale ODE exit time from |m₀| = 1/√d along the unstable direction
     * @param offset       c = odeFromScale − leading
     * @param m0           max |M| of the model's initial condition at this d
     * @param odeFromStart ODE exit time from the model's initial condition
     * @param sigmaEff     √ of the mean diagonal of D/(2λ), the effective spread added to M₀
     * @param effMean      mean ODE exit time from M₀ + (D/(2λ))^{1/2} Z (NaN if some never exit)
     * @param quantiles    its quantiles at {@link #LEVELS} (+∞ past the escaped fraction)
     * @param notEscaped   samples whose ODE did not exit before t-max
     * @param samplesPerUnit SGD samples per unit of the model's time: n = t · samplesPerUnit
     * @param effective    the effective-start ODE exit times, sorted (+∞ for those that never exit)
     */
    public record Prediction(int d, double lambda, double[] incrementVar, double leading, double odeFromScale,
                             double offset, double m0, double odeFromStart, double sigmaEff, double effMean,
                             double[] quantiles, int notEscaped, int samples, double samplesPerUnit, double residual,
                             double[] effective) {
    }

    public static List<Prediction> predict(ModelSpec spec, List<Integer> dims, int samples) {
        List<Prediction> out = new ArrayList<>();
        for (int d : dims) {
            out.add(predict(spec, d, samples));
        }
        return out;
    }

    /**
     * @throws NoMediocrityException when the model has no mediocrity to linearise at (an XOR target, or a
     *                               teacher of information exponent 1)
     */
    public static Prediction predict(ModelSpec base, int d, int samples) {
        if (base.teacher().target() == Kinds.Target.XOR) {
            throw new NoMediocrityException("the escape-rate linearisation at M = 0 is for committee targets; "
                    + "XOR's phase 1 is the signal-finding growth of docs/theory.md (XOR)");
        }
        Trial trial = Trial.of(base.withD(d).withExit(base.exit().withStop(true)), EngineKind.ODE);
        Problem problem = trial.problem();
        OverlapState s0 = trial.start().overlaps();
        double[] teacher = s0.teacherArray();
        OdeEngine ode = trial.ode();
        PopulationRisk risk = trial.risk();
        TimeAxis natural = TimeAxis.natural(problem);
        double unitsPerNatural = trial.time().perStep() / natural.perStep();

        EscapeTheory.Mediocrity med = EscapeTheory.mediocrity(ode.drift(), s0, natural.perStep());
        EscapeTheory.EscapeRate rate = EscapeTheory.rate(ode.drift(), med);
        double lambda = rate.lambda();
        int n = problem.p() * problem.k();
        double[] c = EscapeTheory.incrementCovariance(Drifts.covariance(problem, trial.numerics()), med);
        double[] var = new double[n];
        for (int u = 0; u < n; u++) {
            var[u] = c[u * n + u];
        }
        double eta = problem.fieldRate();
        double diffusion = eta * eta / natural.perStep();
        double perUnit = problem.batch() / natural.perStep() / unitsPerNatural;
        double m0 = s0.maxAbsM();
        double fromStart = exitTime(ode, trial.exit(), risk, s0);
        if (lambda <= 0) {
            double[] inf = new double[LEVELS.length];
            Arrays.fill(inf, Double.POSITIVE_INFINITY);
            return new Prediction(d, lambda, var, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN, m0,
                    fromStart, Double.NaN, Double.NaN, inf, samples, samples, perUnit, med.residual(), new double[0]);
        }
        double leading = Math.log(d) / (2 * lambda) * unitsPerNatural;
        double[] dir = rate.direction();
        double maxDir = Arrays.stream(dir).map(Math::abs).max().orElse(1);
        double[] mUnit = new double[n];
        for (int u = 0; u < n; u++) {
            mUnit[u] = dir[u] / maxDir / Math.sqrt(d);
        }
        double fromScale = exitTime(ode, trial.exit(), risk, EscapeTheory.withM(med, mUnit));

        // Effective initial condition M₀ + Σ^{1/2} Z, Σ = D/(2λ) with D = (η²/τ) C.
        RealMatrix sigma = MatrixUtils.createRealMatrix(n, n);
        double trace = 0;
        for (int u = 0; u < n; u++) {
            for (int v = 0; v < n; v++) {
                sigma.setEntry(u, v, diffusion * c[u * n + v] / (2 * lambda));
            }
            trace += sigma.getEntry(u, u);
        }
        double[][] root = Matrices.symmetricRoot(sigma).getData();
        RandomGenerator rng = Seeds.replica(base.run().seed(), 0);
        double[] times = new double[samples];
        double[] z = new double[n];
        double[] m = new double[n];
        int censored = 0;
        for (int i = 0; i < samples; i++) {
            for (int u = 0; u < n; u++) {
                z[u] = rng.nextGaussian();
            }
            double[] base0 = s0.mArray();
            for (int u = 0; u < n; u++) {
                double v = base0[u];
                for (int w = 0; w < n; w++) {
                    v += root[u][w] * z[w];
                }
                m[u] = v;
            }
            times[i] = exitTime(ode, trial.exit(), risk, new OverlapState(s0.p(), s0.k(), s0.qArray(), m, teacher, s0.aArray()));
            censored += Double.isInfinite(times[i]) ? 1 : 0;
        }
        Arrays.sort(times);
        double[] quantiles = new double[LEVELS.length];
        for (int i = 0; i < LEVELS.length; i++) {
            quantiles[i] = Quantiles.type7(times, LEVELS[i]);
        }
        double mean = censored > 0 ? Double.NaN : Arrays.stream(times).average().orElse(Double.NaN);
        return new Prediction(d, lambda, var, leading, fromScale, fromScale - leading, m0, fromStart,
                Math.sqrt(trace / n), mean, quantiles, censored, samples, perUnit, med.residual(), times);
    }

    /** ODE exit time from {@code start} in the model's unit, +∞ when it does not exit before t-max. */
    static double exitTime(OdeEngine ode, ExitRule rule, PopulationRisk risk, OverlapState start) {
        ExitDetector exit = ExitCriteria.detector(rule, risk);
        ode.integrate(start, exit);
        return exit.exitTime().orElse(Double.POSITIVE_INFINITY);
    }
}

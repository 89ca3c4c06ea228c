package dev.overlap.experiment;

import dev.overlap.engine.EngineKind;
import dev.overlap.engine.Seeds;
import dev.overlap.engine.TimeAxis;
import dev.overlap.engine.ode.Drifts;
import dev.overlap.engine.ode.OdeEngine;
import dev.overlap.theory.EscapeTheory;
import dev.overlap.exit.ExitCriteria;
import dev.overlap.exit.ExitDetector;
import dev.overlap.exit.ExitRule;
import dev.overlap.theory.BackwardKolmogorov;
import dev.overlap.theory.ExitTimeLaw;
import dev.overlap.theory.OneUnitDiffusion;
import dev.overlap.theory.OverlapDiffusion;
import dev.overlap.theory.OverlapKolmogorov;
import dev.overlap.theory.NoMediocrityException;
import dev.overlap.linalg.Lyapunov;
import dev.overlap.linalg.Matrices;
import dev.overlap.overlaps.OverlapState;
import dev.overlap.overlaps.PopulationRisk;
import dev.overlap.problem.Problem;
import dev.overlap.modelfile.InitialSpec;
import dev.overlap.modelfile.Kinds;
import dev.overlap.modelfile.Matrix;
import dev.overlap.stats.Quantiles;
import dev.overlap.modelfile.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
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
     * @param sigmaEff     √ of the mean diagonal of Σ, the effective spread added to M₀
     * @param effMean      mean ODE exit time from M₀ + Σ^{1/2} Z, each run exiting at the true start's level
     *                     (NaN if some never exit)
     * @param quantiles    its quantiles at {@link #LEVELS} (+∞ past the escaped fraction)
     * @param notEscaped   samples whose ODE did not exit before t-max
     * @param samplesPerUnit SGD samples per unit of the model's time: n = t · samplesPerUnit
     * @param effective    the effective-start ODE exit times, sorted (+∞ for those that never exit)
     * @param effMeanError the error of effMean: the adaptive quadrature's tolerance (pk = 1), or the Monte
     *                     Carlo standard error of the samples (pk &gt; 1)
     * @param effMeanMethod how effMean was computed, in words
     * @param covariance   how Σ was obtained, in words (the Lyapunov solution, or D/(2λ) and why)
     * @param kolmogorov   the exact exit-time law of the reduced diffusion from M₀ (model's time unit), where its
     *                     dimension allows (docs/theory.md §10); else the reason it is absent
     */
    public record Prediction(int d, double lambda, double[] incrementVar, double leading, double odeFromScale,
                             double offset, double m0, double odeFromStart, double sigmaEff, double effMean,
                             double[] quantiles, int notEscaped, int samples, double samplesPerUnit, double residual,
                             double[] effective, double effMeanError, String effMeanMethod, String covariance,
                             Kolmogorov kolmogorov) {
    }

    /** The Kolmogorov law of a model at one d, or why there is none ({@code law} empty, {@code scope} the reason). */
    public record Kolmogorov(Optional<ExitTimeLaw> law, String scope) {
        static Kolmogorov none(String why) {
            return new Kolmogorov(Optional.empty(), why);
        }
    }

    /**
     * The exit-time law of the reduced diffusion of the model at d from its start M₀, from the backward Kolmogorov
     * equation (docs/theory.md §10), in the model's time unit; empty with the reason where the reduction's dimension is
     * too high for it (the SDE's Monte Carlo is then the finite-d reference).
     */
    public static Kolmogorov kolmogorov(ModelSpec base, int d) {
        return kolmogorov(base, d, BackwardKolmogorov.Resolution.DEFAULT);
    }

    /** {@link #kolmogorov(ModelSpec, int)} at a given resolution of the solver. */
    static Kolmogorov kolmogorov(ModelSpec base, int d, BackwardKolmogorov.Resolution resolution) {
        Trial trial = Trial.of(base.withD(d), EngineKind.ODE);
        Problem problem = trial.problem();
        Optional<Kolmogorov> none = outOfScope(trial);
        if (none.isPresent()) {
            return none.get();
        }
        OverlapState s0 = trial.start().overlaps();
        double unitsPerNatural = trial.time().perStep() / TimeAxis.natural(problem).perStep();
        if (OneUnitDiffusion.outOfScope(problem).isEmpty()) {
            double[] interval = OneUnitDiffusion.exitInterval(trial.exit(), trial.risk(), s0);
            OneUnitDiffusion diffusion = OneUnitDiffusion.of(problem, trial.numerics(), s0.aArray());
            double hi = Math.max(-interval[0], interval[1]);
            ExitTimeLaw law = BackwardKolmogorov.law(diffusion, interval[0], interval[1], s0.m(0, 0), diffusion.scale(hi),
                    resolution);
            return new Kolmogorov(Optional.of(law.scaled(unitsPerNatural)), "one spherical unit (m)");
        }
        OverlapDiffusion diffusion = OverlapDiffusion.of(problem, trial.numerics(), s0.aArray());
        ExitTimeLaw law;
        try {
            law = OverlapKolmogorov.law(diffusion, trial.risk(), trial.exit(), s0,
                    OverlapKolmogorov.defaultResolution(diffusion));
        } catch (OverlapKolmogorov.UnresolvedLawException e) {
            return Kolmogorov.none(e.getMessage() + "; the SDE's Monte Carlo is then the finite-d reference");
        }
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < diffusion.dimension(); i++) {
            names.append(i == 0 ? "" : ", ").append(diffusion.name(i));
        }
        return new Kolmogorov(Optional.of(law.scaled(unitsPerNatural)), (problem.spherical() ? "spherical units" : "units "
                + "without the spherical constraint") + " (" + names + ")");
    }

    /**
     * The leading order alone, without the effective start (no Lyapunov solve, no ODE runs): the escape rate λ,
     * ln(d)/(2λ) in the model's time unit (+∞ when λ ≤ 0), and SGD samples per unit of that time.
     */
    public record Leading(double lambda, double time, double samplesPerUnit) {
        public double samples() {
            return time * samplesPerUnit;
        }
    }

    /** {@link Leading} for the model at d: what a scan over learning rates or widths needs, cheaply. */
    public static Leading leading(ModelSpec base, int d) {
        Linearised lin = Linearised.of(base, d);
        return new Leading(lin.rate().lambda(), lin.leadingTime(d), lin.samplesPerUnit());
    }

    /** The model at d linearised at mediocrity: its ODE trial, start, time axes, mediocrity and escape rate. */
    private record Linearised(Trial trial, OverlapState s0, TimeAxis natural, double unitsPerNatural,
                              EscapeTheory.Mediocrity med, EscapeTheory.EscapeRate rate) {
        static Linearised of(ModelSpec base, int d) {
            if (base.teacher().target() == Kinds.Target.XOR) {
                throw new NoMediocrityException("the escape-rate linearisation at M = 0 is for committee targets; "
                        + "XOR's phase 1 is the signal-finding growth of docs/theory.md (XOR)");
            }
            Trial trial = Trial.of(base.withD(d).withExit(base.exit().withStop(true)), EngineKind.ODE);
            OverlapState s0 = trial.start().overlaps();
            TimeAxis natural = TimeAxis.natural(trial.problem());
            EscapeTheory.Mediocrity med = EscapeTheory.mediocrity(trial.ode().drift(), s0, natural.perStep());
            return new Linearised(trial, s0, natural, trial.time().perStep() / natural.perStep(), med,
                    EscapeTheory.rate(trial.ode().drift(), med));
        }

        /** ln(d)/(2λ), the time to grow M from 1/√d, in the model's time unit; +∞ when λ ≤ 0. */
        double leadingTime(int d) {
            double lambda = rate.lambda();
            return lambda <= 0 ? Double.POSITIVE_INFINITY : Math.log(d) / (2 * lambda) * unitsPerNatural;
        }

        /** SGD samples per unit of the model's time. */
        double samplesPerUnit() {
            return trial.problem().batch() / natural.perStep() / unitsPerNatural;
        }
    }

    /** The effective-start mean integrates z over [−Z_RANGE, Z_RANGE]: the normal mass outside is below 1e-22. */
    private static final double Z_RANGE = 10;

    public static List<Prediction> predict(ModelSpec spec, List<Integer> dims, int samples) {
        List<Prediction> out = new ArrayList<>();
        for (int d : dims) {
            out.add(predict(spec, d, samples));
        }
        return out;
    }

    /** Why the trial's reduction has no Kolmogorov law here (one place for both laws), or empty when it has one. */
    private static Optional<Kolmogorov> outOfScope(Trial trial) {
        Problem problem = trial.problem();
        Optional<String> scope = OverlapDiffusion.outOfScope(problem);
        if (scope.isPresent()) {
            return Optional.of(Kolmogorov.none(scope.get() + "; the SDE's Monte Carlo is then the finite-d reference"));
        }
        int p = problem.p();
        int coordinates = (problem.spherical() ? p * (p - 1) / 2 : p * (p + 1) / 2) + p * problem.k();
        if (coordinates > MAX_COORDINATES) {
            return Optional.of(Kolmogorov.none("the reduction has " + coordinates + " coordinates (p = " + p + ", k = "
                    + problem.k() + (problem.spherical() ? ", spherical" : "") + "); above " + MAX_COORDINATES
                    + " the SDE's Monte Carlo is the finite-d reference"));
        }
        if (trial.exit().criterion() == ExitRule.Criterion.ERROR) {
            return Optional.of(Kolmogorov.none("the error criterion has no exit surface in the overlaps"));
        }
        return Optional.empty();
    }

    /** The most coordinates a Kolmogorov law is solved in: p = 2 on the sphere, p = 1 without it. */
    private static final int MAX_COORDINATES = 3;

    /** Gauss–Hermite points of the random-start average over m₀. */
    private static final int START_POINTS = 20;
    /** Each point's law on half the default grid: its error (~10⁻⁶ of the mean) stays far below the rule's. */
    private static final BackwardKolmogorov.Resolution START_RESOLUTION = new BackwardKolmogorov.Resolution(4000, 8000);

    /**
     * The Kolmogorov law (docs/theory.md §10) averaged over the random start of a one-unit model at d: M = u·v for a
     * uniform unit row u and the teacher direction v, whose density is (1 − m²)^{(d−3)/2}/B(½, (d−1)/2). The average is
     * a {@value #START_POINTS}-point Gauss–Hermite rule for N(0, 1/d), each point weighted by the exact density over
     * the normal one; each point's law exits at its own start's level (1 − T)·R(m₀), as each replica does. Only the
     * points m₀ ≥ 0 are solved when the reduction is even in m.
     */
    public static Kolmogorov kolmogorovRandomStart(ModelSpec base, int d) {
        ModelSpec model = base.withD(d);
        Trial trial = Trial.of(model, EngineKind.ODE);
        Problem problem = trial.problem();
        Optional<Kolmogorov> none = outOfScope(trial);
        if (none.isPresent()) {
            return none.get();
        }
        if (OneUnitDiffusion.outOfScope(problem).isPresent()) {
            return Kolmogorov.none("the random-start average is solved for one spherical unit (p = k = 1); above it "
                    + "the SDE's Monte Carlo from random starts is the finite-d reference");
        }
        double[] a = trial.start().overlaps().aArray();
        boolean even = OneUnitDiffusion.of(problem, trial.numerics(), a).even(trial.risk());
        org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator rule =
                new org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory().hermite(START_POINTS);
        double logExact = org.apache.commons.math3.special.Gamma.logGamma(d / 2.0) - 0.5 * Math.log(Math.PI)
                - org.apache.commons.math3.special.Gamma.logGamma((d - 1) / 2.0);
        List<ExitTimeLaw> laws = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (int i = 0; i < rule.getNumberOfPoints(); i++) {
            double x = rule.getPoint(i);
            double m0 = x * Math.sqrt(2.0 / d);
            if (even && m0 < 0) {
                continue;
            }
            // ∫ f(m) p(m) dm = ∫ e^{−x²} f(x√(2/d)) [p(m)/normal(m)] dx/√π, normal(m) = √(d/2π) e^{−d m²/2} = e^{−x²}√(d/2π)
            double ratio = Math.exp(logExact + (d - 3) / 2.0 * Math.log1p(-m0 * m0) + x * x) / Math.sqrt(d / (2 * Math.PI));
            double w = rule.getWeight(i) / Math.sqrt(Math.PI) * ratio * (even && m0 > 0 ? 2 : 1);
            InitialSpec fixed = new InitialSpec(Kinds.Initial.OVERLAPS, model.initial().seed(),
                    Optional.of(new Matrix(new double[][] {{m0}})), Optional.of(new Matrix(new double[][] {{1}})),
                    Optional.of(List.of(a[0])), model.initial().scale(), model.initial().radius(), 1);
            laws.add(kolmogorov(model.withInitial(fixed), d, START_RESOLUTION).law().orElseThrow());
            weights.add(w);
        }
        double total = weights.stream().mapToDouble(Double::doubleValue).sum();
        double[] w = weights.stream().mapToDouble(v -> v / total).toArray();
        return new Kolmogorov(Optional.of(ExitTimeLaw.mixture(laws, w, 4000, "the Kolmogorov law averaged over the "
                + "random start's exact law of m0 (" + START_POINTS + "-point Gauss-Hermite, exact-density weights summing to "
                + String.format("%.8f", total) + " before normalisation)")), "one spherical unit (m), random start");
    }

    /**
     * @throws NoMediocrityException when the model has no mediocrity to linearise at (an XOR target, or a
     *                               teacher of information exponent 1)
     */
    public static Prediction predict(ModelSpec base, int d, int samples) {
        return predict(base, d, samples, true);
    }

    /**
     * @param lattice whether to solve the Kolmogorov law in two or three coordinates too (a minute or more per law;
     *                the one-coordinate law, about a second, is always solved)
     */
    public static Prediction predict(ModelSpec base, int d, int samples, boolean lattice) {
        Linearised lin = Linearised.of(base, d);
        Trial trial = lin.trial();
        Problem problem = trial.problem();
        OverlapState s0 = lin.s0();
        double[] teacher = s0.teacherArray();
        OdeEngine ode = trial.ode();
        PopulationRisk risk = trial.risk();
        TimeAxis natural = lin.natural();
        double unitsPerNatural = lin.unitsPerNatural();
        EscapeTheory.Mediocrity med = lin.med();
        EscapeTheory.EscapeRate rate = lin.rate();
        double lambda = rate.lambda();
        int n = problem.p() * problem.k();
        double[] c = EscapeTheory.incrementCovariance(Drifts.covariance(problem, trial.numerics()), med);
        double[] var = new double[n];
        for (int u = 0; u < n; u++) {
            var[u] = c[u * n + u];
        }
        double eta = problem.fieldRate();
        double diffusion = eta * eta / natural.perStep();
        double perUnit = lin.samplesPerUnit();
        double m0 = s0.maxAbsM();
        double fromStart = exitTime(ode, trial.exit(), risk, s0);
        Kolmogorov kolmogorov = lattice || OneUnitDiffusion.outOfScope(problem).isEmpty() ? kolmogorov(base, d)
                : Kolmogorov.none("not solved here: a law in more than one coordinate takes a minute or more "
                        + "(overlap theory solves it)");
        if (lambda <= 0) {
            double[] inf = new double[LEVELS.length];
            Arrays.fill(inf, Double.POSITIVE_INFINITY);
            return new Prediction(d, lambda, var, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN, m0,
                    fromStart, Double.NaN, Double.NaN, inf, samples, samples, perUnit, med.residual(), new double[0],
                    Double.NaN, "no escape (lambda <= 0)", "none", kolmogorov);
        }
        double leading = lin.leadingTime(d);
        double[] dir = rate.direction();
        double maxDir = Arrays.stream(dir).map(Math::abs).max().orElse(1);
        double[] mUnit = new double[n];
        for (int u = 0; u < n; u++) {
            mUnit[u] = dir[u] / maxDir / Math.sqrt(d);
        }
        double fromScale = exitTime(ode, trial.exit(), risk, EscapeTheory.withM(med, mUnit));

        // Effective initial condition M₀ + Σ^{1/2} Z: Σ solves J Σ + Σ Jᵀ = D, D = (η²/τ) C (docs/theory.md §7).
        double[] d2 = new double[n * n];
        for (int u = 0; u < n * n; u++) {
            d2[u] = diffusion * c[u];
        }
        String how = "Lyapunov: J Sigma + Sigma J^T = D";
        RealMatrix sigma = Lyapunov.solve(rate.jacobian(), d2, n);
        if (sigma == null) {
            how = "D/(2 lambda): the M-block Jacobian has an eigenvalue with real part <= 0, so no covariance solves the Lyapunov equation";
            sigma = MatrixUtils.createRealMatrix(n, n);
            for (int u = 0; u < n; u++) {
                for (int v = 0; v < n; v++) {
                    sigma.setEntry(u, v, d2[u * n + v] / (2 * lambda));
                }
            }
        }
        double trace = sigma.getTrace();
        double[][] root = Matrices.symmetricRoot(sigma).getData();
        double[] base0 = s0.mArray();
        // every effective start exits at the true start's level, not at its own R(0); the draws run in parallel,
        // each worker with its own ODE and risk (they keep work buffers), so the result is the same on any thread count
        ThreadLocal<OdeEngine> odes = ThreadLocal.withInitial(trial::ode);
        ThreadLocal<PopulationRisk> risks = ThreadLocal.withInitial(trial::risk);
        Effective effective = (z, m) -> {
            for (int u = 0; u < n; u++) {
                double v = base0[u];
                for (int w = 0; w < n; w++) {
                    v += root[u][w] * z[w];
                }
                m[u] = Math.max(-MAX_M, Math.min(MAX_M, v)); // far tails (normal weight < 1e-15) stay overlaps
            }
            // Below M_LINEAR the ODE is linear, m(t) = m e^{λt}: continue T exactly from there instead of
            // integrating to t-max (pk = 1; the singular point of the effective-start integral)
            double extra = 0;
            if (n == 1 && Math.abs(m[0]) < M_LINEAR) {
                extra = Math.log(M_LINEAR / Math.abs(m[0])) / lambda * unitsPerNatural;
                m[0] = Math.copySign(M_LINEAR, m[0]);
            }
            OverlapState start = new OverlapState(s0.p(), s0.k(), s0.qArray(), m, teacher, s0.aArray());
            ExitDetector exit = ExitCriteria.detector(trial.exit(), risks.get(), s0);
            odes.get().integrate(start, exit);
            return exit.exitTime().orElse(Double.POSITIVE_INFINITY) + extra;
        };
        RandomGenerator rng = Seeds.replica(base.run().seed(), 0);
        double[][] draws = new double[samples][n];
        for (double[] z : draws) { // drawn in order first, so each draw's z is the same whatever runs it
            for (int u = 0; u < n; u++) {
                z[u] = rng.nextGaussian();
            }
        }
        double[] times = new double[samples];
        IntStream.range(0, samples).parallel().forEach(i -> times[i] = effective.exitTime(draws[i], new double[n]));
        int censored = (int) Arrays.stream(times).filter(Double::isInfinite).count();
        Arrays.sort(times);
        double[] quantiles = new double[LEVELS.length];
        for (int i = 0; i < LEVELS.length; i++) {
            quantiles[i] = Quantiles.type7(times, LEVELS[i]);
        }
        double mean;
        double error;
        String method;
        if (n == 1) {
            // E[T(m0 + sigma Z)] with the log singularity of T at m = 0 (z* = -m0/sigma) at an end of each piece,
            // where adaptive Gauss-Legendre converges; Gauss-Hermite through it converges only slowly
            double sd = root[0][0];
            double singular = sd > 0 ? -base0[0] / sd : Double.NEGATIVE_INFINITY;
            double[] cuts = java.util.stream.DoubleStream.of(-Z_RANGE, singular, Z_RANGE)
                    .filter(x -> x >= -Z_RANGE && x <= Z_RANGE).sorted().toArray();
            double[] zz = new double[1];
            double[] mm = new double[1];
            UnivariateFunction weighted = x -> {
                zz[0] = x;
                double time = effective.exitTime(zz, mm);
                if (Double.isInfinite(time)) {
                    throw new NeverExits(mm[0]);
                }
                return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) * time;
            };
            double integral = 0;
            String failure = null;
            try {
                for (int i = 0; i + 1 < cuts.length; i++) {
                    // z = z0 + L t³ from the singular end z0: the log singularity becomes t² ln t, smooth enough
                    // for Gauss-Legendre to converge fast
                    boolean fromLeft = cuts[i] == singular;
                    double z0 = fromLeft ? cuts[i] : cuts[i + 1];
                    double length = fromLeft ? cuts[i + 1] - cuts[i] : cuts[i] - cuts[i + 1];
                    UnivariateFunction piece = t -> 3 * Math.abs(length) * t * t * weighted.value(z0 + length * t * t * t);
                    integral += new IterativeLegendreGaussIntegrator(8, 1e-5, 1e-7).integrate(QUADRATURE_EVALUATIONS,
                            piece, 0, 1);
                }
            } catch (NeverExits e) {
                failure = "no finite mean: effective starts near m = " + e.m + " do not exit before t-max";
            } catch (TooManyEvaluationsException e) {
                failure = "the quadrature did not converge in " + QUADRATURE_EVALUATIONS + " evaluations";
            }
            mean = failure == null ? integral : Double.NaN;
            error = failure == null ? 1e-5 * Math.abs(integral) + 1e-7 : Double.NaN; // the integrator's tolerance
            method = failure != null ? failure : "adaptive Gauss-Legendre over z in [-" + Z_RANGE + ", " + Z_RANGE
                    + "], split at the singular z* = -m0/sigma, T continued linearly below |m| = 1e-6 (error: its "
                    + "convergence tolerance, relative 1e-5)";
        } else {
            DescriptiveStatistics stats = new DescriptiveStatistics(times);
            mean = censored > 0 ? Double.NaN : stats.getMean();
            error = censored > 0 ? Double.NaN : stats.getStandardDeviation() / Math.sqrt(samples);
            method = "Monte Carlo, " + samples + " draws (error: standard error)";
        }
        if (!Double.isFinite(mean)) {
            mean = Double.NaN; // some effective starts never exit before t-max: no finite mean
        }
        return new Prediction(d, lambda, var, leading, fromScale, fromScale - leading, m0, fromStart,
                Math.sqrt(trace / n), mean, quantiles, censored, samples, perUnit, med.residual(), times, error, method, how,
                kolmogorov);
    }

    /** Evaluations (ODE runs) the effective-start quadrature may take. */
    private static final int QUADRATURE_EVALUATIONS = 20_000;

    /** An effective start whose ODE does not exit before t-max: the mean is then not finite. */
    private static final class NeverExits extends RuntimeException {
        final double m;

        NeverExits(double m) {
            super(null, null, false, false);
            this.m = m;
        }
    }

    /** Below this |M| (pk = 1) the escape is linear to 1e-6 relative, and T is continued in closed form. */
    private static final double M_LINEAR = 1e-6;

    /** Largest |M| an effective start may take: overlaps of unit vectors. */
    private static final double MAX_M = 1 - 1e-9;

    /** The ODE exit time (at the true start's level) from M₀ + Σ^{1/2}z, writing the start's M into m. */
    private interface Effective {
        double exitTime(double[] z, double[] m);
    }

    /** ODE exit time from {@code start} in the model's unit, +∞ when it does not exit before t-max. */
    static double exitTime(OdeEngine ode, ExitRule rule, PopulationRisk risk, OverlapState start) {
        ExitDetector exit = ExitCriteria.detector(rule, risk);
        ode.integrate(start, exit);
        return exit.exitTime().orElse(Double.POSITIVE_INFINITY);
    }
}

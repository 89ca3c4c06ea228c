package dev.overlap.engine.sde;

import dev.overlap.engine.DivergenceException;
import dev.overlap.engine.Engine;
import dev.overlap.engine.EngineKind;
import dev.overlap.engine.Numerics;
import dev.overlap.engine.Start;
import dev.overlap.engine.Observer;
import dev.overlap.engine.TimeAxis;
import dev.overlap.engine.ode.Drift;
import dev.overlap.engine.ode.Drifts;
import dev.overlap.engine.ode.IncrementCovariance;
import dev.overlap.engine.ode.StateLayout;
import dev.overlap.overlaps.OverlapBuffer;
import dev.overlap.overlaps.OverlapState;
import dev.overlap.overlaps.OverlapStep;
import dev.overlap.problem.Problem;
import java.util.random.RandomGenerator;

/**
 * The diffusion approximation dX = drift dt + (η²/(Bτ))^{1/2} Cov[H]^{1/2} dB (docs/theory.md §2, §5), by
 * a weak Euler scheme in natural time with step dt: the unprojected drift and an increment of mean zero
 * and covariance exactly (η²/(Bτ))·Cov[H]·dt, drawn by {@link IncrementSampler} from the update rule on
 * samples of the current fields, then the exact spherical renormalisation of {@link OverlapStep} (so the
 * projection acts on drift and noise). Exits are found by the observers between steps.
 */
public final class SdeEngine implements Engine {
    private final Drift drift;
    private final Problem problem;
    private final IncrementCovariance covariance;
    private final TimeAxis time;
    private final boolean spherical;
    private final double dtNatural;
    private final long maxSteps;
    private final double unitsPerNatural;

    /**
     * @param dt             Euler–Maruyama step in the model's time unit
     * @param naturalPerStep natural time of one SGD step, γ/(p d)
     */
    public SdeEngine(Problem problem, Drift drift, IncrementCovariance covariance, TimeAxis time, double naturalPerStep,
                     boolean spherical, double tMax, double dt) {
        this.problem = problem;
        this.drift = drift;
        this.covariance = covariance;
        this.time = time;
        this.spherical = spherical;
        this.unitsPerNatural = time.perStep() / naturalPerStep;
        this.dtNatural = dt / unitsPerNatural;
        this.maxSteps = (long) Math.ceil(tMax / dt - 1e-9);
    }

    /** The problem's SDE: its drift (closed form where it applies) and the update rule's increment covariance. */
    public static SdeEngine of(Problem problem, Numerics numerics, TimeAxis time, double tMax) {
        Drift drift = new Drift(problem, Drifts.moments(problem, numerics), numerics.odeQuadraticTerms());
        return new SdeEngine(problem, drift, Drifts.covariance(problem, numerics), time, problem.naturalTimePerStep(),
                problem.spherical(), tMax, numerics.sdeDt());
    }

    @Override
    public EngineKind kind() {
        return EngineKind.SDE;
    }

    /** Runs from the start's overlaps. Steps passed to observers and returned are SGD-equivalent (t over one SGD step's time). */
    @Override
    public long run(Start begin, RandomGenerator rng, Observer observer) {
        OverlapState start = begin.overlaps();
        int p = start.p();
        int k = start.k();
        StateLayout layout = covariance.layout();
        int n = layout.dimension();
        OverlapBuffer state = new OverlapBuffer(start);
        double[] dq = new double[p * p];
        double[] dm = new double[p * k];
        double[] da = new double[p];
        double[] x = new double[n];
        double[] dx = new double[n];
        double[] noise = new double[n];
        double[] rescale = new double[p];
        IncrementSampler sampler = new IncrementSampler(problem, covariance);
        double noiseScale = Math.sqrt(covariance.perNaturalTime() * dtNatural);
        if (!observer.observe(0, 0, state)) {
            return 0;
        }
        for (long step = 1; step <= maxSteps; step++) {
            drift.evaluateUnprojected(state.q, state.m, state.a, dq, dm, da);
            sampler.sample(state.q, state.m, state.a, rng, noise);
            layout.pack(dq, dm, da, dx);
            layout.pack(state.q, state.m, state.a, x);
            for (int u = 0; u < n; u++) {
                x[u] += dx[u] * dtNatural + noiseScale * noise[u];
            }
            layout.unpack(x, state.q, state.m, state.a);
            if (spherical) {
                OverlapStep.normalise(p, k, state.q, state.m, rescale);
            }
            double t = step * dtNatural * unitsPerNatural;
            if (!state.isFinite()) {
                throw new DivergenceException(kind(), sgdSteps(t), time);
            }
            if (!observer.observe(sgdSteps(t), t, state)) {
                return sgdSteps(t);
            }
        }
        return sgdSteps(maxSteps * dtNatural * unitsPerNatural);
    }

    /** SGD-equivalent step count at time t; at least 1 after the start, since observers read step 0 as the start. */
    private long sgdSteps(double t) {
        return Math.max(1, Math.round(t / time.perStep()));
    }
}

package dev.overlap.engine.ode;

import dev.overlap.engine.Crossing;
import dev.overlap.engine.DivergenceException;
import dev.overlap.engine.Engine;
import dev.overlap.engine.EngineKind;
import dev.overlap.engine.Numerics;
import dev.overlap.engine.Start;
import dev.overlap.engine.Observer;
import dev.overlap.engine.TimeAxis;
import dev.overlap.overlaps.OverlapBuffer;
import dev.overlap.overlaps.OverlapState;
import dev.overlap.problem.Problem;
import java.util.List;
import java.util.random.RandomGenerator;
import org.hipparchus.analysis.solvers.BracketingNthOrderBrentSolver;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.ode.AbstractIntegrator;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.events.Action;
import org.hipparchus.ode.events.AdaptableInterval;
import org.hipparchus.ode.events.ODEEventDetector;
import org.hipparchus.ode.events.ODEEventHandler;
import org.hipparchus.ode.nonstiff.ClassicalRungeKuttaIntegrator;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.hipparchus.ode.sampling.ODEStepHandler;

/**
 * The deterministic limit d → ∞: the overlaps follow dX/dt = drift(X), integrated in natural time by
 * Hipparchus' Dormand–Prince 8(5,3) with dense output, or by fixed-step classical Runge–Kutta when a
 * step is given, in the given {@link OdeCoordinates} (all overlaps, or the mean-field reduction).
 * Observers see the state at t = 0, at the times they ask for and at each integrator step. Their level
 * crossings (the exit) are integrator events located to the solver's tolerance when adaptive; with a
 * fixed step they are interpolated between steps by the observer. Reported times are in the model's
 * time unit.
 */
public final class OdeEngine implements Engine {
    /** Event maximal check interval as a fraction of the run: a crossing is found if g keeps its sign over less. */
    private static final double CHECK_FRACTION = 1e-3;

    private final Drift drift;
    private final OdeCoordinates coordinates;
    private final TimeAxis time;
    private final double tMax;
    private final double relativeTolerance;
    private final double absoluteTolerance;
    /** Model time per unit of natural time. */
    private final double unitsPerNatural;
    /** Fixed Runge–Kutta step in model time, or 0 for adaptive Dormand–Prince. */
    private final double fixedStep;

    /** Adaptive integration of all overlaps. */
    public OdeEngine(Drift drift, TimeAxis time, double naturalPerStep, double tMax, double relativeTolerance,
                     double absoluteTolerance) {
        this(drift, new StateLayout(drift.p(), drift.k()), time, naturalPerStep, tMax, relativeTolerance,
                absoluteTolerance, 0);
    }

    /**
     * @param coordinates what is integrated; the drift's moments must supply what they need (off-diagonal or not)
     * @param fixedStep   classical Runge–Kutta step in model time, or 0 for adaptive Dormand–Prince
     */
    public OdeEngine(Drift drift, OdeCoordinates coordinates, TimeAxis time, double naturalPerStep, double tMax,
                     double relativeTolerance, double absoluteTolerance, double fixedStep) {
        this.drift = drift;
        this.coordinates = coordinates;
        this.fixedStep = fixedStep;
        this.time = time;
        this.tMax = tMax;
        this.relativeTolerance = relativeTolerance;
        this.absoluteTolerance = absoluteTolerance;
        this.unitsPerNatural = time.perStep() / naturalPerStep;
    }

    /** The problem's ODE: its drift (closed form where it applies), coordinates, tolerances or fixed step. */
    public static OdeEngine of(Problem problem, Numerics numerics, TimeAxis time, double tMax) {
        OdeCoordinates coordinates = Drifts.coordinates(problem, numerics);
        Drift drift = new Drift(problem, Drifts.moments(problem, numerics, coordinates),
                numerics.odeQuadraticTerms(), coordinates.independentOrthogonalFields());
        return new OdeEngine(drift, coordinates, time, problem.naturalTimePerStep(), tMax,
                numerics.odeRelativeTolerance(), numerics.odeAbsoluteTolerance(), numerics.odeStep());
    }

    public Drift drift() {
        return drift;
    }

    @Override
    public EngineKind kind() {
        return EngineKind.ODE;
    }

    /** The ODE is deterministic: {@code noise} is not used. Returns the equivalent number of SGD steps at t-max or at the stop. */
    @Override
    public long run(Start start, RandomGenerator noise, Observer observer) {
        return integrate(start.overlaps(), observer);
    }

    /**
     * The overlaps as the integration starts from them: packed into its coordinates and back (the mean-field
     * coordinates keep only each row's orthogonal norm, so the orthogonal parts become mutually orthogonal).
     */
    public OverlapState asIntegrated(OverlapState s) {
        OverlapBuffer buffer = new OverlapBuffer(s);
        double[] x = new double[coordinates.dimension()];
        coordinates.pack(buffer.q, buffer.m, buffer.a, x);
        coordinates.unpack(x, buffer.q, buffer.m, buffer.a);
        return buffer.snapshot();
    }

    /** Integrates from given overlaps (the ODE does not need the d-dimensional network). */
    public long integrate(OverlapState start, Observer observer) {
        int p = start.p();
        int k = start.k();
        OverlapBuffer buffer = new OverlapBuffer(start);
        double[] x0 = new double[coordinates.dimension()];
        coordinates.pack(buffer.q, buffer.m, buffer.a, x0);
        if (!observer.observe(0, 0, buffer)) {
            return 0;
        }
        double end = tMax / unitsPerNatural;
        AbstractIntegrator integrator = fixedStep > 0
                ? new ClassicalRungeKuttaIntegrator(fixedStep / unitsPerNatural)
                : new DormandPrince853Integrator(0, end, absoluteTolerance, relativeTolerance);
        double[] last = {0};
        Equations equations = new Equations(coordinates, p, k);
        integrator.addStepHandler(new Sampler(coordinates, buffer, observer, last));
        // With a fixed step the observers see every step and interpolate crossings between steps, as for
        // the stochastic engines: event location needs a smooth g, and a QMC test error is a staircase.
        for (Crossing c : fixedStep > 0 ? List.<Crossing>of() : observer.crossings()) {
            c.locatedByEngine();
            integrator.addEventDetector(new CrossingEvent(c, coordinates, new OverlapBuffer(start), end));
        }
        try {
            ODEStateAndDerivative fin = integrator.integrate(equations, new ODEState(0, x0), end);
            last[0] = fin.getTime();
        } catch (StopRequested e) {
            // an observer asked to stop: last[0] is the time it saw
        } catch (MathIllegalStateException e) {
            // the integrator gave up (its step size collapsed): report the furthest time it reached
            throw new DivergenceException(kind(), Math.max(last[0], equations.reached) * unitsPerNatural, time, e);
        }
        return steps(last[0]);
    }

    private long steps(double natural) {
        return Math.round(natural * unitsPerNatural / time.perStep());
    }

    /** dX/dt on the packed state. */
    private final class Equations implements OrdinaryDifferentialEquation {
        private final OdeCoordinates layout;
        private final double[] q;
        private final double[] m;
        private final double[] a;
        private final double[] dq;
        private final double[] dm;
        private final double[] da;
        /** The latest time at which the derivatives were asked for. */
        private double reached;

        Equations(OdeCoordinates layout, int p, int k) {
            this.layout = layout;
            this.q = new double[p * p];
            this.m = new double[p * k];
            this.a = new double[p];
            this.dq = new double[p * p];
            this.dm = new double[p * k];
            this.da = new double[p];
        }

        @Override
        public int getDimension() {
            return layout.dimension();
        }

        @Override
        public double[] computeDerivatives(double t, double[] x) {
            reached = Math.max(reached, t);
            layout.unpack(x, q, m, a);
            drift.evaluate(q, m, a, dq, dm, da);
            double[] dx = new double[x.length];
            layout.tangent(q, m, dq, dm, da, dx);
            return dx;
        }
    }

    /** Feeds observers the dense output at the times they ask for, and each step's end. */
    private final class Sampler implements ODEStepHandler {
        private final OdeCoordinates layout;
        private final OverlapBuffer buffer;
        private final Observer observer;
        private final double[] last;

        Sampler(OdeCoordinates layout, OverlapBuffer buffer, Observer observer, double[] last) {
            this.layout = layout;
            this.buffer = buffer;
            this.observer = observer;
            this.last = last;
        }

        @Override
        public void handleStep(ODEStateInterpolator interpolator) {
            double t1 = interpolator.getCurrentState().getTime();
            for (double next = observer.nextTime() / unitsPerNatural; next <= t1; next = observer.nextTime() / unitsPerNatural) {
                show(interpolator.getInterpolatedState(next));
            }
            show(interpolator.getCurrentState());
        }

        private void show(ODEStateAndDerivative s) {
            layout.unpack(s.getPrimaryState(), buffer.q, buffer.m, buffer.a);
            last[0] = s.getTime();
            if (!buffer.isFinite()) {
                throw new DivergenceException(kind(), s.getTime() * unitsPerNatural, time, null);
            }
            if (!observer.observe(steps(s.getTime()), s.getTime() * unitsPerNatural, buffer)) {
                throw new StopRequested();
            }
        }
    }

    /**
     * Thrown from the step handler when an observer returns false: Hipparchus' step handlers cannot end an
     * integration themselves, and an event would only be checked at the next step.
     */
    private static final class StopRequested extends RuntimeException {
        StopRequested() {
            super(null, null, false, false);
        }
    }

    /** g = value(state) − level, decreasing through zero at the crossing. */
    private final class CrossingEvent implements ODEEventDetector, ODEEventHandler {
        private final Crossing crossing;
        private final OdeCoordinates layout;
        private final OverlapBuffer scratch;
        private final double maxCheck;
        private final double threshold;

        CrossingEvent(Crossing crossing, OdeCoordinates layout, OverlapBuffer scratch, double end) {
            this.crossing = crossing;
            this.layout = layout;
            this.scratch = scratch;
            this.maxCheck = CHECK_FRACTION * end;
            this.threshold = 1e-13 * Math.max(1, end);
        }

        @Override
        public double g(ODEStateAndDerivative s) {
            layout.unpack(s.getPrimaryState(), scratch.q, scratch.m, scratch.a);
            return crossing.value(scratch) - crossing.level();
        }

        @Override
        public AdaptableInterval getMaxCheckInterval() {
            return AdaptableInterval.of(maxCheck);
        }

        @Override
        public int getMaxIterationCount() {
            return 200;
        }

        @Override
        public BracketingNthOrderBrentSolver getSolver() {
            return new BracketingNthOrderBrentSolver(0, threshold, 0, 5);
        }

        @Override
        public ODEEventHandler getHandler() {
            return this;
        }

        @Override
        public Action eventOccurred(ODEStateAndDerivative s, ODEEventDetector detector, boolean increasing) {
            if (increasing) {
                return Action.CONTINUE;
            }
            return crossing.crossed(s.getTime() * unitsPerNatural) ? Action.CONTINUE : Action.STOP;
        }
    }
}

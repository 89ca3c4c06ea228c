package dev.overlap.experiment;

import dev.overlap.engine.Engine;
import dev.overlap.engine.EngineKind;
import dev.overlap.engine.Numerics;
import dev.overlap.engine.TimeAxis;
import dev.overlap.engine.chain.ChainEngine;
import dev.overlap.engine.ode.OdeEngine;
import dev.overlap.engine.sde.SdeEngine;
import dev.overlap.engine.sgd.SgdEngine;
import dev.overlap.problem.Problem;

/** Builds the engine of a kind: kept out of {@code engine}'s root package, which the engines themselves import. */
public final class Engines {
    private Engines() {
    }

    /** An engine of {@code kind} for the problem, run to {@code tMax} in the time unit of {@code time}. */
    public static Engine create(EngineKind kind, Problem problem, Numerics numerics, TimeAxis time, double tMax) {
        return switch (kind) {
            case SGD -> new SgdEngine(problem, time, tMax);
            case CHAIN -> new ChainEngine(problem, time, tMax, numerics.odeQuadraticTerms());
            case SDE -> SdeEngine.of(problem, numerics, time, tMax);
            case ODE -> OdeEngine.of(problem, numerics, time, tMax);
        };
    }
}

package dev.overlap.experiment;

import dev.overlap.engine.Engine;
import dev.overlap.engine.TimeAxis;
import dev.overlap.engine.chain.ChainEngine;
import dev.overlap.engine.ode.Drift;
import dev.overlap.engine.ode.Drifts;
import dev.overlap.engine.sde.SdeEngine;
import dev.overlap.spec.Kinds;
import dev.overlap.engine.ode.OdeEngine;
import dev.overlap.engine.sgd.SgdEngine;
import dev.overlap.problem.Problem;
import dev.overlap.spec.ModelSpec;
import dev.overlap.spec.RunSpec;
import java.util.List;

/** The engines this build provides, by the names the command line uses. */
public final class Engines {
    /** Engine names accepted on the command line, in DESIGN.md order. */
    public static final List<String> AVAILABLE = List.of("sgd", "chain", "sde", "ode");

    private Engines() {
    }

    /** An engine for the model, run to the model's t-max; {@code teacherGram} is P of the initial network. */
    public static Engine create(String name, ModelSpec spec, Problem problem, double[] teacherGram) {
        RunSpec run = spec.run();
        TimeAxis time = TimeAxis.of(run.timeUnit(), problem);
        return switch (name) {
            case "sgd" -> new SgdEngine(problem, time, run.tMax());
            case "chain" -> new ChainEngine(problem, time, run.tMax(), teacherGram);
            case "sde" -> new SdeEngine(
                    new Drift(problem, Drifts.moments(spec, problem, teacherGram), run.odeQuadraticTerms()),
                    Drifts.covariance(spec, problem, teacherGram), time,
                    TimeAxis.of(Kinds.TimeUnit.NATURAL, problem).perStep(), problem.spherical(), run.tMax(), run.sdeDt());
            case "ode" -> OdeEngine.forModel(spec, problem, teacherGram);
            default -> throw new IllegalArgumentException("--engine: '" + name + "' is not available in this build; "
                    + "available: " + String.join(", ", AVAILABLE));
        };
    }
}

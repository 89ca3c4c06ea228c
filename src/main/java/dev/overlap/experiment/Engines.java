package dev.overlap.experiment;

import dev.overlap.engine.Engine;
import dev.overlap.engine.TimeAxis;
import dev.overlap.engine.sgd.SgdEngine;
import dev.overlap.problem.Problem;
import java.util.List;

/** The engines this build provides, by the names the command line uses. */
public final class Engines {
    /** Engine names accepted on the command line, in DESIGN.md order. */
    public static final List<String> AVAILABLE = List.of("sgd");

    private Engines() {
    }

    public static Engine create(String name, Problem problem, TimeAxis time, double tMax) {
        return switch (name) {
            case "sgd" -> new SgdEngine(problem, time, tMax);
            default -> throw new IllegalArgumentException("--engine: '" + name + "' is not available in this build; "
                    + "available: " + String.join(", ", AVAILABLE));
        };
    }
}

package dev.overlap.engine;

import dev.overlap.problem.Problem;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The four levels of reduction of one process (docs/theory.md): what each needs, whether it is random and
 * what its output is relative to SGD. The one place an engine's name is read; the engines themselves are built by
 * {@code experiment.Engines}, so this package's root never depends on its engine sub-packages.
 */
public enum EngineKind {
    /** Online SGD on the d-dimensional network: the process itself. */
    SGD(true, false) {
        @Override
        public Law law(Problem problem) {
            return Law.PROCESS;
        }
    },
    /** The finite-d Markov chain of the overlaps: exact in law for Gaussian inputs. */
    CHAIN(false, false) {
        @Override
        public Law law(Problem problem) {
            return problem.signTeacherFields() ? Law.APPROXIMATION : Law.EXACT;
        }
    },
    /** The diffusion approximation with SGD's drift and increment covariance. */
    SDE(false, false) {
        @Override
        public Law law(Problem problem) {
            return Law.APPROXIMATION;
        }
    },
    /** The deterministic limit d → ∞. */
    ODE(false, true) {
        @Override
        public Law law(Problem problem) {
            return Law.LIMIT;
        }
    };

    /** What an engine's output is, relative to SGD on the same problem. */
    public enum Law { PROCESS, EXACT, APPROXIMATION, LIMIT }

    private final boolean needsNetwork;
    private final boolean deterministic;

    EngineKind(boolean needsNetwork, boolean deterministic) {
        this.needsNetwork = needsNetwork;
        this.deterministic = deterministic;
    }

    /** Whether the engine trains the d-dimensional network (its start must carry one). */
    public boolean needsNetwork() {
        return needsNetwork;
    }

    /** Whether every run from one start gives the same path (one replica is enough). */
    public boolean deterministic() {
        return deterministic;
    }

    public abstract Law law(Problem problem);

    /** The engine's name on the command line and in outputs: sgd, chain, sde or ode. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }

    /** The names, comma-separated, for messages and help. */
    public static String labels() {
        return Arrays.stream(values()).map(EngineKind::label).collect(Collectors.joining(", "));
    }

    /** The kind named {@code name}; an unknown name is an {@link IllegalArgumentException} listing the known ones. */
    public static EngineKind parse(String name) {
        for (EngineKind kind : values()) {
            if (kind.label().equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not an engine; engines: " + labels());
    }

    /** One line for summary.json: what this engine's output is relative to SGD on the problem. */
    public String describe(Problem problem) {
        return switch (this) {
            case SGD -> "online SGD on the d-dimensional network (the process itself)";
            case CHAIN -> problem.signTeacherFields()
                    ? "approximation: Gaussian-equivalent chain (teacher coordinates exact +-1, the rest of the fields "
                    + "Gaussian); not exact for Rademacher inputs"
                    : "exact in law: the overlaps of SGD as a finite-d Markov chain";
            case SDE -> "approximation: diffusion (Euler-Maruyama) with the drift and increment covariance of SGD, "
                    + "noise O(1/d)";
            case ODE -> "deterministic limit d -> infinity of the overlaps"
                    + (problem.signTeacherFields() ? " (Gaussian-equivalent law of the fields for Rademacher inputs)" : "");
        };
    }
}

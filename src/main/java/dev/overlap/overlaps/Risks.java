package dev.overlap.overlaps;

import dev.overlap.problem.Problem;
import dev.overlap.problem.StandardActivation;
import dev.overlap.spec.Kinds;
import dev.overlap.spec.ModelSpec;

/** Chooses the risk functional of a model: the fastest exact one that applies. */
public final class Risks {
    private Risks() {
    }

    public static PopulationRisk of(ModelSpec spec, Problem problem, double[] teacherGram) {
        boolean committeeSquare = spec.teacher().target() == Kinds.Target.COMMITTEE
                && spec.training().loss() == Kinds.Loss.SQUARE
                && spec.inputs() == Kinds.InputLaw.GAUSSIAN;
        double c = problem.rule().readout();
        double prefactor = spec.training().lossPrefactor();
        if (committeeSquare) {
            StandardActivation student = StandardActivation.of(spec.student().activation());
            StandardActivation teacher = StandardActivation.of(spec.teacher().activation());
            if (student == StandardActivation.SQUARE && teacher == StandardActivation.SQUARE) {
                return new SquareActivationRisk(problem.p(), problem.k(), c, prefactor, teacherGram);
            }
            return new SquareLossRisk(problem.p(), problem.k(), student, teacher, c, prefactor, teacherGram, true);
        }
        return new QmcRisk(problem.p(), problem.k(), problem.rule(), teacherGram,
                problem.inputKind() == Kinds.InputLaw.RADEMACHER, spec.run().qmcPoints());
    }

    /**
     * What a trajectory records beyond the overlaps: the XOR observables for an XOR teacher (with the
     * given test set of the full network, or null), nothing otherwise.
     */
    public static Observables observables(ModelSpec spec, Problem problem, PopulationRisk risk, HypercubeRisk testSet) {
        if (spec.teacher().target() == Kinds.Target.XOR && risk instanceof QmcRisk qmc) {
            return new XorObservables(problem.p(), spec.observe().signalHeavyRatio(), qmc, testSet);
        }
        return Observables.NONE;
    }

    /** The fixed hypercube test set of a model with Rademacher inputs, or null. */
    public static HypercubeRisk testSet(ModelSpec spec, Problem problem) {
        return problem.inputKind() == Kinds.InputLaw.RADEMACHER
                ? HypercubeRisk.sample(problem, spec.observe().testSet(), spec.observe().testSeed()) : null;
    }
}

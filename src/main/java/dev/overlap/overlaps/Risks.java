package dev.overlap.overlaps;

import dev.overlap.problem.Problem;
import dev.overlap.problem.Loss;
import dev.overlap.problem.Teacher;

/** Chooses the risk functional of a problem, the fastest exact one that applies, and its observables. */
public final class Risks {
    private Risks() {
    }

    /**
     * Closed form for square activations; Gauss–Hermite for other committees under the square loss with
     * Gaussian inputs; otherwise {@code qmcPoints} Sobol points ({@link QmcRisk}).
     */
    public static PopulationRisk of(Problem problem, int qmcPoints) {
        double c = problem.rule().readout();
        double prefactor = problem.rule().loss().prefactor();
        if (problem.squareActivations()) {
            return new SquareActivationRisk(problem.p(), problem.k(), c, prefactor, problem.teacherGram());
        }
        if (!problem.signTeacherFields() && problem.rule().loss() instanceof Loss.Square
                && problem.rule().teacher() instanceof Teacher.Committee committee) {
            return new SquareLossRisk(problem.p(), problem.k(), problem.rule().activation(), committee.activation(), c,
                    prefactor, problem.teacherGram(), true);
        }
        return new QmcRisk(problem.p(), problem.k(), problem.rule(), problem.teacherGram(), problem.signTeacherFields(),
                qmcPoints);
    }

    /**
     * What a trajectory records beyond the overlaps: the XOR observables for an XOR teacher (with a test
     * set watching the network in training, or null), nothing otherwise.
     *
     * @param heavyRatio a neuron is signal-heavy when |w_sig| &gt; heavyRatio·|w_⊥|
     */
    public static Observables observables(Problem problem, double heavyRatio, PopulationRisk risk,
                                          HypercubeRisk.Probe testSet) {
        if (problem.rule().teacher() instanceof Teacher.Xor && risk instanceof QmcRisk qmc) {
            return new XorObservables(problem.p(), heavyRatio, qmc, testSet);
        }
        return Observables.NONE;
    }
}

package dev.overlap.engine;

/**
 * How the reduced engines compute, as opposed to what they compute (the {@link dev.overlap.problem.Problem}):
 * the Sobol point count for expectations that Gauss–Hermite cannot make exact, the SDE's step, the ODE's
 * tolerances or fixed Runge–Kutta step and its coordinates, and whether the drift keeps the γ E[GGᵀ] term.
 *
 * @param qmcPoints            Sobol points of the fields' law (logistic loss, ReLU): drift, diffusion and risk
 * @param sdeDt                Euler–Maruyama step, in the run's time unit
 * @param odeStep              &gt; 0: fixed classical Runge–Kutta step in the run's time unit; 0: adaptive
 * @param odeQuadraticTerms    keep the γ E[GGᵀ] ("quadratic") term of the drift; false gives gradient flow
 */
public record Numerics(int qmcPoints, double sdeDt, double odeRelativeTolerance, double odeAbsoluteTolerance,
                       double odeStep, OdeReduction odeReduction, boolean odeQuadraticTerms) {

    /** What the ODE integrates: all overlaps, or per neuron (M_j, |w_j⊥|², a_j) with orthogonal parts kept orthogonal. */
    public enum OdeReduction { FULL, MEAN_FIELD }

    /** Whether the ODE locates crossings as integrator events (adaptive) rather than between fixed steps. */
    public boolean odeLocatesEvents() {
        return odeStep == 0;
    }
}

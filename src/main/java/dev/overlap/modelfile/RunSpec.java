package dev.overlap.modelfile;

import dev.overlap.modelfile.Kinds.Grid;
import dev.overlap.modelfile.Kinds.TimeUnit;

/**
 * How long and how to record: {@code tMax} is in {@code timeUnit}; {@code seed} is the root of the
 * SGD-noise streams (replica i uses the i-th split stream); the trajectory is recorded on a
 * log grid with {@code pointsPerDecade} points per decade (plus t = 0) or on a linear grid of
 * {@code points} intervals. The ODE integrator works to the given relative and absolute tolerances;
 * {@code odeQuadraticTerms} keeps the γ E[GGᵀ] term of the drift (docs/theory.md §2). {@code qmcPoints}
 * Sobol points are used wherever an expectation is not exact by Gauss–Hermite (logistic loss, ReLU):
 * drift, diffusion and risk. {@code odeStep} > 0 (in timeUnit) integrates with fixed-step classical
 * Runge–Kutta instead of adaptive Dormand–Prince (for drifts that are only piecewise smooth, such as
 * ReLU on Sobol points, where step-size control is defeated by the kinks); {@code odeReduction}
 * chooses the ODE's coordinates.
 */
public record RunSpec(double tMax, TimeUnit timeUnit, int seeds, double sdeDt, long seed, Grid grid,
                      int pointsPerDecade, int points, double odeRelativeTolerance, double odeAbsoluteTolerance,
                      boolean odeQuadraticTerms, int qmcPoints, double odeStep,
                      Kinds.OdeReduction odeReduction) {
    /** Default run.qmc-points: a deterministic drift and risk with QMC error ~1e-4. */
    public static final int DEFAULT_QMC_POINTS = 1 << 13;
}

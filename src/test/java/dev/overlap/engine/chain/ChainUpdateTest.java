package dev.overlap.engine.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.TestModels;
import dev.overlap.engine.Seeds;
import dev.overlap.engine.Start;
import dev.overlap.engine.TimeAxis;
import dev.overlap.linalg.CholeskyUpdate;
import dev.overlap.linalg.SemidefiniteCholesky;
import dev.overlap.problem.Problem;
import dev.overlap.modelfile.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The O(p²) chain step (rank-one update and downdate of the conditional covariance's factor, refactored
 * every 4p steps) against the chain that refactors every step: the same trajectory to round-off, so the
 * law is the exact chain's. Tolerances: 1e-9 absolute on overlaps of order 1 after thousands of steps, far
 * above the ~1e-13 the updates' rounding reaches between refactorisations and far below any statistical
 * effect; the variant that skips the downdate must (and does) miss it.
 */
class ChainUpdateTest {
    @Test
    void rankTwoModificationIsTheFactorOfTheModifiedMatrix() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 30;
        double[] a = new double[n * n];
        double[] b = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            b[i] = rng.nextDouble() - 0.5;
        }
        for (int i = 0; i < n; i++) { // S = B Bᵀ + I
            for (int j = 0; j < n; j++) {
                double s = i == j ? 1 : 0;
                for (int t = 0; t < n; t++) {
                    s += b[i * n + t] * b[j * n + t];
                }
                a[i * n + j] = s;
            }
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble() - 0.5;
            y[i] = 0.3 * (rng.nextDouble() - 0.5);
        }
        double[] modified = a.clone();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                modified[i * n + j] += x[i] * x[j] - y[i] * y[j];
            }
        }
        double[] lower = new double[n * n];
        SemidefiniteCholesky.factor(a, n, lower);
        double[] u = new double[n * n];
        CholeskyUpdate.transpose(lower, n, u);
        assertTrue(CholeskyUpdate.updateThenDowndate(u, n, x.clone(), y.clone(), new double[n]));
        double[] expected = new double[n * n];
        SemidefiniteCholesky.factor(modified, n, expected);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k <= i; k++) {
                assertEquals(expected[i * n + k], u[k * n + i], 1e-12, "L[" + i + "][" + k + "]");
            }
        }
        // a downdate past definiteness is refused, not silently wrong
        double[] big = new double[n];
        big[0] = 10 * Math.sqrt(a[0]);
        CholeskyUpdate.transpose(lower, n, u);
        assertFalse(CholeskyUpdate.updateThenDowndate(u, n, new double[n], big, new double[n]));
    }

    private static List<double[]> trajectory(int p, int cadence, long steps) {
        ModelSpec spec = TestModels.phaseRetrieval("d", "2000", "student.p", Integer.toString(p), "initial.kind", "random",
                "initial.seed", "4");
        Problem problem = TestModels.problem(spec);
        Start start = TestModels.start(spec);
        ChainEngine chain = new ChainEngine(problem, new TimeAxis(TimeAxis.Unit.STEPS, 1), steps, cadence);
        List<double[]> path = new ArrayList<>();
        chain.run(start, Seeds.replica(7, 0), (step, t, state) -> {
            if (step % 100 == 0) {
                double[] v = new double[state.q.length + state.m.length];
                System.arraycopy(state.q, 0, v, 0, state.q.length);
                System.arraycopy(state.m, 0, v, state.q.length, state.m.length);
                path.add(v);
            }
            return true;
        });
        return path;
    }

    @Test
    void updatedChainIsTheRefactoredChain() {
        for (int p : new int[] {8, 20, 50}) {
            List<double[]> updated = trajectory(p, ChainEngine.cadence(p), 4000);
            List<double[]> refactored = trajectory(p, 1, 4000);
            double worst = 0;
            for (int i = 0; i < updated.size(); i++) {
                for (int j = 0; j < updated.get(i).length; j++) {
                    worst = Math.max(worst, Math.abs(updated.get(i)[j] - refactored.get(i)[j]));
                }
            }
            assertTrue(worst < 1e-9, "p = " + p + ": max |difference| " + worst);
        }
    }
}

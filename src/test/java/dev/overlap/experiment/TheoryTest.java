package dev.overlap.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.TestModels;
import dev.overlap.modelfile.ModelSpec;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/** The effective-start prediction's three parts: Σ from the Lyapunov equation, the quadrature mean, its exit level. */
class TheoryTest {
    /**
     * The leading order alone is the full prediction's: same λ, ln(d)/(2λ) and samples per unit (p = 2, γ = 0.4),
     * exactly, since both come from the one linearisation.
     */
    @Test
    void leadingOrderIsThePredictionsWithoutTheEffectiveStart() {
        ModelSpec spec = TestModels.phaseRetrieval("d", "2000", "student.p", "2", "training.learning-rate", "0.4");
        Theory.Prediction full = Theory.predict(spec, 2000, 2, false);
        Theory.Leading leading = Theory.leading(spec, 2000);
        assertEquals(full.lambda(), leading.lambda(), 0.0);
        assertEquals(full.leading(), leading.time(), 0.0);
        assertEquals(full.samplesPerUnit(), leading.samplesPerUnit(), 0.0);
        assertTrue(leading.lambda() > 0 && leading.samples() > 0);
    }

    /**
     * The quadrature mean of the effective-start ODE exit time against the Monte Carlo mean of 4000 draws of
     * the same law, within 4 of the latter's standard errors (the quadrature's own error is 1e-5 relative, so
     * a false alarm has probability ~6e-5). The quadrature it replaced, 24-node Gauss–Hermite straight through
     * the log singularity, gave 0.746 against 0.709: 0.037 off, about four standard errors of these 4000 draws
     * (SE ≈ 0.009), so this test would catch it.
     */
    @Test
    void quadratureMeanAgreesWithMonteCarlo() {
        ModelSpec spec = TestModels.phaseRetrieval("d", "1000", "run.t-max", "20");
        Theory.Prediction t = Theory.predict(spec, 1000, 4000);
        double[] draws = t.effective();
        double mc = Arrays.stream(draws).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(draws).map(x -> (x - mc) * (x - mc)).sum() / (draws.length - 1));
        double se = sd / Math.sqrt(draws.length);
        assertTrue(t.effMeanMethod().startsWith("adaptive Gauss-Legendre"), t.effMeanMethod());
        assertTrue(Math.abs(t.effMean() - mc) < 4 * se, "quadrature " + t.effMean() + " vs Monte Carlo " + mc + " +- " + se);
        assertTrue(t.covariance().startsWith("Lyapunov"), t.covariance());
    }

    /**
     * The effective start's Monte Carlo (p = 2) runs its draws in parallel: on one worker and on three the draws, their
     * exit times and the mean must be identical to the bit (each draw's z is fixed before any runs).
     */
    @Test
    void effectiveStartIsTheSameOnAnyNumberOfThreads() throws Exception {
        ModelSpec spec = TestModels.phaseRetrieval("d", "2000", "student.p", "2", "training.learning-rate", "0.4");
        Theory.Prediction one = new ForkJoinPool(1).submit(() -> Theory.predict(spec, 2000, 24, false)).get();
        Theory.Prediction three = new ForkJoinPool(3).submit(() -> Theory.predict(spec, 2000, 24, false)).get();
        assertTrue(one.effMeanMethod().startsWith("Monte Carlo"), one.effMeanMethod());
        assertEquals(24, one.effective().length);
        assertTrue(Arrays.equals(one.effective(), three.effective()));
        assertEquals(one.effMean(), three.effMean(), 0.0);
    }
}

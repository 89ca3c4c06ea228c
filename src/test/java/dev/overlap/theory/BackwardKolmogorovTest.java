package dev.overlap.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/**
 * The backward Kolmogorov solver against textbook exit laws and [EM]'s closed form, and its order of convergence.
 * Tolerances are the targets of the solver at its default resolution (10⁻⁶), well above the round-off of a tridiagonal
 * solve on 8000 nodes (~10⁻¹²).
 */
class BackwardKolmogorovTest {

    /** Brownian motion of variance σ² per unit time: b = 0, D = σ². */
    private static BackwardKolmogorov.Coefficients brownian(double variance) {
        return BackwardKolmogorov.Coefficients.of(x -> 0, x -> variance);
    }

    /** The expanding Ornstein–Uhlenbeck process dm = μ m dt + σ dW of [EM]'s stochastic correction. */
    private static BackwardKolmogorov.Coefficients linear(double mu, double variance) {
        return BackwardKolmogorov.Coefficients.of(x -> mu * x, x -> variance);
    }

    /**
     * The survival of Brownian motion in (−a, a) from x by its eigenfunction series:
     * S = Σₙ (4/π)(−1)ⁿ/(2n+1) cos((2n+1)πx/(2a)) exp(−(2n+1)²π²σ²t/(8a²)).
     */
    static double brownianSurvival(double x, double t, double a, double variance) {
        double s = 0;
        for (int n = 0; n < 2000; n++) {
            int odd = 2 * n + 1;
            s += 4 / Math.PI * (n % 2 == 0 ? 1 : -1) / odd * Math.cos(odd * Math.PI * x / (2 * a))
                    * Math.exp(-odd * odd * Math.PI * Math.PI * variance * t / (8 * a * a));
        }
        return s;
    }

    @Test
    void brownianMeanSdAndSurvivalAreTheTextbookOnes() {
        double a = 0.3;
        double variance = 0.02;
        double x0 = 0.1;
        // 16 000 steps: the survival to 10⁻⁶ (the default's 6000 leave ~4·10⁻⁶, far below any Monte Carlo's resolution)
        ExitTimeLaw law = BackwardKolmogorov.law(brownian(variance), -a, a, x0, 0.1,
                new BackwardKolmogorov.Resolution(8000, 16_000));
        double mean = (a * a - x0 * x0) / variance;
        assertEquals(mean, law.mean(), 1e-6 * mean);
        // E[T²] = (a² − x²)(5a² − x²)/(3σ⁴) for Brownian motion in (−a, a)
        double second = (a * a - x0 * x0) * (5 * a * a - x0 * x0) / (3 * variance * variance);
        assertEquals(Math.sqrt(second - mean * mean), law.sd(), 1e-6 * law.sd());
        for (double t : new double[] {0.5, 1, 2, 4, 8}) {
            assertEquals(brownianSurvival(x0, t, a, variance), 1 - law.cdf(t), 1e-6, "S at t = " + t);
        }
        assertTrue(law.meanError() < 1e-6 * mean && law.quantileError() < 1e-3, "errors " + law.meanError() + ", "
                + law.quantileError());
    }

    /** ₂F₂(1, 1; 3/2, 2; z) by its series in 60-digit decimals, so no cancellation at large |z|. */
    static double hypergeometric22(double z) {
        // the terms grow to about e^|z| before they fall: carry that many digits and 40 more
        MathContext mc = new MathContext(60 + (int) (Math.abs(z) / Math.log(10)));
        BigDecimal zz = new BigDecimal(z);
        BigDecimal term = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ONE;
        for (int n = 0; n < 100_000; n++) {
            // t_{n+1}/t_n = (1 + n)(1 + n) z / ((3/2 + n)(2 + n)(n + 1))
            BigDecimal num = BigDecimal.valueOf(1 + n).multiply(zz, mc);
            BigDecimal den = BigDecimal.valueOf(1.5 + n).multiply(BigDecimal.valueOf(2 + n), mc);
            term = term.multiply(num, mc).divide(den, mc);
            sum = sum.add(term, mc);
            if (term.abs().compareTo(new BigDecimal("1e-40")) < 0 && n > 3 * Math.abs(z)) {
                break;
            }
        }
        return sum.doubleValue();
    }

    /**
     * [EM]'s closed form for the mean exit time of dm = μ m dt + σ dW from m = 0 out of (−√T, √T):
     * (T/σ²)·₂F₂(1, 1; 3/2, 2; −μT/σ²), at the noise of d = 10³ … 10⁶ (σ² = γ(48 + 4Δ)/d, μ = 4(1 − 6γ) − 2γΔ at
     * γ = 0.1) and T = 0.01, up to d = 10⁶ (−μT/σ² = −3333): the solver's own mean (double integral) to 10⁻⁶ at d ≤ 10⁴
     * and within its reported error (below 10⁻⁴ relative) beyond; the discretised equation's to 10⁻⁴ at d ≤ 10⁴.
     */
    @Test
    void linearisedMeanIsEmsClosedForm() {
        double gamma = 0.1;
        double delta = 1e-4;
        double mu = 4 * (1 - 6 * gamma) - 2 * gamma * delta;
        double threshold = 0.01;
        for (int d : new int[] {1_000, 10_000, 100_000, 1_000_000}) {
            double variance = gamma * (48 + 4 * delta) / d;
            double edge = Math.sqrt(threshold);
            ExitTimeLaw law = BackwardKolmogorov.law(linear(mu, variance), -edge, edge, 0, Math.sqrt(variance / (2 * mu)),
                    BackwardKolmogorov.Resolution.DEFAULT);
            double closed = threshold / variance * hypergeometric22(-mu * threshold / variance);
            // to 10⁻⁶ where 8000 nodes resolve the noise to the exit (d ≤ 10⁴); beyond, the scheme is first order where
            // the cell Péclet number is large, and the reported error must bound the true one
            assertEquals(closed, law.mean(), d <= 10_000 ? 1e-6 * closed : law.meanError(), "d = " + d);
            assertTrue(law.meanError() < 1e-4 * closed, "error " + law.meanError() + " at d = " + d);
            double pde = BackwardKolmogorov.pdeMean(linear(mu, variance), -edge, edge, 0, Math.sqrt(variance / (2 * mu)), 8000);
            if (d <= 10_000) {
                assertEquals(closed, pde, 1e-4 * closed, "the discretised equation's mean, d = " + d);
            }
            assertEquals(law.mean(), ClosedForm.linearisedEscape(mu, variance, threshold).mean(), 1e-12 * closed);
        }
    }

    /** The fitted scheme's mean and quantiles converge at second order: the error falls ≈ 4× per halving of h and dt. */
    @Test
    void convergenceIsSecondOrder() {
        double gamma = 0.1;
        double mu = 4 * (1 - 6 * gamma);
        double variance = gamma * 48 / 1000;
        double edge = 0.1;
        BackwardKolmogorov.Coefficients c = linear(mu, variance);
        double scale = Math.sqrt(variance / (2 * mu));
        double exact = edge * edge / variance * hypergeometric22(-mu * edge * edge / variance);
        double[] err = new double[3];
        double[] median = new double[4];
        int[] nodes = {200, 400, 800, 1600};
        for (int i = 0; i < nodes.length; i++) {
            if (i < 3) {
                err[i] = Math.abs(BackwardKolmogorov.pdeMean(c, -edge, edge, 0.01, scale, nodes[i])
                        - BackwardKolmogorov.pdeMean(c, -edge, edge, 0.01, scale, 64_000));
            }
            median[i] = BackwardKolmogorov.law(c, -edge, edge, 0.01, scale, new BackwardKolmogorov.Resolution(nodes[i],
                    nodes[i])).quantile(0.5);
        }
        assertTrue(exact > 0);
        for (int i = 0; i + 1 < err.length; i++) {
            double ratio = err[i] / err[i + 1];
            assertTrue(ratio > 3.5 && ratio < 4.5, "mean error ratio " + ratio + " at " + nodes[i]);
        }
        double ratio = (median[1] - median[0]) / (median[2] - median[1]);
        double ratio2 = (median[2] - median[1]) / (median[3] - median[2]);
        assertTrue(ratio > 3.5 && ratio < 4.5 && ratio2 > 3.5 && ratio2 < 4.5, "median difference ratios " + ratio + ", "
                + ratio2);
    }
}

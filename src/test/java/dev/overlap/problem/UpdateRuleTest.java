package dev.overlap.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UpdateRuleTest {
    static Stream<Arguments> activationsAndLosses() {
        return Stream.of(StandardActivation.values()).flatMap(a -> Stream.of(
                Arguments.of(a, "square", Loss.square(1)),
                Arguments.of(a, "logistic x2", Loss.logistic(2))));
    }

    /**
     * G_j = ∂ℓ/∂λ_j and ∂ℓ/∂a_j against central differences with h = 1e-6: the truncation error is
     * O(h²) ≈ 1e-12 and the round-off O(ε/h) ≈ 1e-10 relative, so 1e-6 leaves a wide margin yet
     * catches any wrong factor or sign. Fields avoid the relu kink at 0.
     */
    @ParameterizedTest(name = "{0} with {1} loss")
    @MethodSource("activationsAndLosses")
    void gradientsMatchFiniteDifferences(StandardActivation activation, String lossName, Loss loss) {
        int p = 3;
        Teacher teacher = Teacher.committee(StandardActivation.TANH, 2);
        UpdateRule rule = new UpdateRule(activation, 1.0 / p, loss, teacher, 0.0);
        double[] lambda = {0.7, -1.3, 0.4};
        double[] a = {1.2, -0.5, 0.8};
        double[] nu = {0.3, -0.9};
        double y = lossName.startsWith("logistic") ? -1 : rule.label(nu, 0);
        double[] g = new double[p];
        double[] gA = new double[p];
        double value = rule.gradients(lambda, y, a, g, gA);
        assertEquals(loss.value(rule.predict(lambda, a), y), value, 1e-15);
        double h = 1e-6;
        for (int j = 0; j < p; j++) {
            double[] up = lambda.clone();
            double[] down = lambda.clone();
            up[j] += h;
            down[j] -= h;
            double fd = (loss.value(rule.predict(up, a), y) - loss.value(rule.predict(down, a), y)) / (2 * h);
            assertEquals(fd, g[j], 1e-6 * (1 + Math.abs(fd)), "dl/dlambda_" + j);
            double[] aUp = a.clone();
            double[] aDown = a.clone();
            aUp[j] += h;
            aDown[j] -= h;
            double fdA = (loss.value(rule.predict(lambda, aUp), y) - loss.value(rule.predict(lambda, aDown), y)) / (2 * h);
            assertEquals(fdA, gA[j], 1e-6 * (1 + Math.abs(fdA)), "dl/da_" + j);
        }
    }

    @ParameterizedTest
    @MethodSource("activationsOnly")
    void derivativeMatchesFiniteDifference(StandardActivation a) {
        for (double z : new double[] {-2.1, -0.4, 0.3, 1.7}) {
            double fd = (a.value(z + 1e-6) - a.value(z - 1e-6)) / 2e-6;
            assertEquals(fd, a.derivative(z), 1e-6 * (1 + Math.abs(fd)), a + " at " + z);
        }
    }

    static Stream<StandardActivation> activationsOnly() {
        return Stream.of(StandardActivation.values());
    }

    @org.junit.jupiter.api.Test
    void logisticLossIsStableForLargeMargins() {
        Loss l = Loss.logistic(2);
        assertEquals(0, l.value(800, 1), 1e-300);
        assertEquals(2 * 800, l.value(-800, 1), 1e-9);
        assertEquals(-2, l.derivative(-800, 1), 1e-15);
        assertEquals(2 * Math.log(2), l.value(0, -1), 1e-15);
    }
}

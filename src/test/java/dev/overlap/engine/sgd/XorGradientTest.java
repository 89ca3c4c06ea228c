package dev.overlap.engine.sgd;

import dev.overlap.experiment.Models;
import dev.overlap.engine.Start;
import dev.overlap.TestModels;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overlap.engine.InitialConditions;
import dev.overlap.engine.TimeAxis;
import dev.overlap.engine.Weights;
import dev.overlap.problem.InputLaw;
import dev.overlap.problem.Problem;
import dev.overlap.modelfile.Kinds;
import dev.overlap.modelfile.ModelLoader;
import dev.overlap.modelfile.ModelSpec;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One SGD step of the full XOR network (ReLU, both layers, logistic loss with prefactor 2, batch 3)
 * against finite differences of the batch loss written out by hand here, independently of the update
 * rule: (W₀ − W₁)/γ must be ∇_W L and (a₀ − a₁)/γ_a must be ∇_a L, times p for the mean-field form.
 */
class XorGradientTest {
    private static final String MODEL = """
            inputs: rademacher
            d: 20
            teacher: {target: xor, indices: [3, 7]}
            student: {p: 4, activation: relu, readout: %s, second-layer: trained, preactivation: raw}
            training: {loss: logistic, loss-prefactor: 2, learning-rate: 0.1, second-layer-learning-rate: 0.05, batch: 3}
            initial: {kind: balanced, scale: 0.8, seed: 5}
            run: {t-max: 1, time-unit: steps}
            """;

    /**
     * Central differences with h = 1e-6 on a loss of order 1: truncation O(h²) and round-off O(1e-16/h)
     * are both below 1e-9, so 1e-7 absolute catches any wrong factor, sign or index while no input sits
     * within h of a ReLU kink (fields are sums of ±w_jl of size ~0.2).
     */
    @ParameterizedTest
    @ValueSource(strings = {"sum", "mean-field"})
    void oneStepIsTheNegativeGradientOfTheBatchLoss(String readout) {
        ModelSpec spec = ModelLoader.parse("xor-test", "xor-test", MODEL.formatted(readout), Map.of());
        Problem problem = TestModels.problem(spec);
        Weights start = TestModels.start(spec).network().orElseThrow();
        Start trained = TestModels.start(spec);
        SgdEngine engine = new SgdEngine(problem, TimeAxis.of(TimeAxis.Unit.STEPS, problem), 1);
        engine.run(trained, generator(), (step, t, s) -> true);
        Weights after = trained.network().orElseThrow();

        // Redraw the batch the engine drew: per sample, the input then the label-noise normal.
        RandomGenerator rng = generator();
        double[][] batch = new double[3][20];
        for (double[] x : batch) {
            problem.inputs().sample(rng, x);
            rng.nextGaussian();
        }
        int p = 4;
        double scale = readout.equals("sum") ? 1 : p; // mean-field: gradients times p
        double c = readout.equals("sum") ? 1 : 1.0 / p;
        double h = 1e-6;
        double[][] w = start.student();
        double[] a = start.a();
        for (int j = 0; j < p; j++) {
            for (int l = 0; l < 20; l++) {
                double[][] up = copy(w);
                double[][] down = copy(w);
                up[j][l] += h;
                down[j][l] -= h;
                double grad = (loss(up, a, batch, c) - loss(down, a, batch, c)) / (2 * h);
                assertEquals(scale * grad, (w[j][l] - after.student()[j][l]) / 0.1, 1e-7, "dL/dW[" + j + "][" + l + "]");
            }
            double[] up = a.clone();
            double[] down = a.clone();
            up[j] += h;
            down[j] -= h;
            double grad = (loss(w, up, batch, c) - loss(w, down, batch, c)) / (2 * h);
            assertEquals(scale * grad, (a[j] - after.a()[j]) / 0.05, 1e-7, "dL/da[" + j + "]");
        }
    }

    /** L = (1/B) Σ_b 2 log(1 + exp(−y_b f(x_b))), f = c Σ_j a_j relu(w_j·x), y = −x₃x₇. */
    private static double loss(double[][] w, double[] a, double[][] batch, double c) {
        double total = 0;
        for (double[] x : batch) {
            double f = 0;
            for (int j = 0; j < w.length; j++) {
                double z = 0;
                for (int l = 0; l < x.length; l++) {
                    z += w[j][l] * x[l];
                }
                f += a[j] * Math.max(z, 0);
            }
            f *= c;
            double y = -x[3] * x[7];
            total += 2 * Math.log1p(Math.exp(-y * f));
        }
        return total / batch.length;
    }

    private static RandomGenerator generator() {
        return RandomGeneratorFactory.of("L64X128MixRandom").create(2024);
    }

    private static double[][] copy(double[][] w) {
        double[][] out = new double[w.length][];
        for (int j = 0; j < w.length; j++) {
            out[j] = w[j].clone();
        }
        return out;
    }
}

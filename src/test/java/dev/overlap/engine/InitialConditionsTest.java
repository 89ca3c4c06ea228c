package dev.overlap.engine;

import dev.overlap.experiment.Models;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.TestModels;
import dev.overlap.experiment.Trial;
import dev.overlap.overlaps.OverlapState;
import dev.overlap.problem.Problem;
import dev.overlap.linalg.Vectors;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.modelfile.SpecException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import java.util.random.RandomGenerator;

class InitialConditionsTest {

    /** The overlaps initial condition is built exactly: 1e-12 is a few hundred ulps of round-off. */
    @ParameterizedTest
    @ValueSource(ints = {50, 3000})
    void overlapsKindReproducesRequestedMAndQ(int d) {
        ModelSpec spec = TestModels.phaseRetrieval("d", Integer.toString(d), "student.p", "3", "teacher.k", "2",
                "training.spherical", "false", "initial.kind", "overlaps",
                "initial.M", "[[0.3, -0.1], [0.0, 0.5], [-0.0185, 0.2]]",
                "initial.Q", "[[1.0, 0.2, 0.0], [0.2, 0.9, -0.1], [0.0, -0.1, 1.3]]");
        OverlapState s = TestModels.start(spec).overlaps();
        double[][] m = {{0.3, -0.1}, {0.0, 0.5}, {-0.0185, 0.2}};
        double[][] q = {{1.0, 0.2, 0.0}, {0.2, 0.9, -0.1}, {0.0, -0.1, 1.3}};
        for (int j = 0; j < 3; j++) {
            for (int r = 0; r < 2; r++) {
                assertEquals(m[j][r], s.m(j, r), 1e-12);
                assertEquals(j % 2 == r ? 1 : 0, s.teacher(j % 2, r), 1e-12);
            }
            for (int l = 0; l < 3; l++) {
                assertEquals(q[j][l], s.q(j, l), 1e-12);
            }
        }
    }

    @Test
    void randomKindHasUnitRowsOrthonormalTeacherAndDependsOnlyOnTheSeed() {
        ModelSpec spec = TestModels.phaseRetrieval("student.p", "2", "teacher.k", "2");
        Problem problem = TestModels.problem(spec);
        OverlapState a = TestModels.start(spec).overlaps();
        OverlapState b = TestModels.start(spec).overlaps();
        assertEquals(a, b);
        assertEquals(1, a.q(0, 0), 1e-13);
        assertEquals(1, a.q(1, 1), 1e-13);
        assertEquals(0, a.teacher(0, 1), 1e-13);
        assertEquals(1, a.teacher(1, 1), 1e-13);
        ModelSpec other = TestModels.phaseRetrieval("student.p", "2", "teacher.k", "2", "initial.seed", "10");
        assertNotEquals(a.m(0, 0), TestModels.start(other).overlaps().m(0, 0));
    }

    @Test
    void balancedKindHasRowsOfTheGivenNormAndSignedSecondLayer() {
        ModelSpec spec = TestModels.phaseRetrieval("student.p", "6", "training.spherical", "false",
                "initial.kind", "balanced", "initial.scale", "0.05", "student.preactivation", "raw");
        Weights w = TestModels.start(spec).network().orElseThrow();
        int positive = 0;
        for (int j = 0; j < 6; j++) {
            assertEquals(0.05, Math.sqrt(Vectors.dot(w.student()[j], w.student()[j])), 1e-15);
            assertEquals(0.05, Math.abs(w.a()[j]), 0);
            positive += w.a()[j] > 0 ? 1 : 0;
        }
        assertNotEquals(0, positive * (6 - positive), "both signs occur for this seed");
    }

    @Test
    void secondLayerRatioScalesOnlyTheSecondLayer() {
        ModelSpec spec = TestModels.phaseRetrieval("student.p", "6", "training.spherical", "false",
                "initial.kind", "balanced", "initial.scale", "0.05", "student.preactivation", "raw",
                "initial.second-layer-ratio", "2");
        Weights w = TestModels.start(spec).network().orElseThrow();
        for (int j = 0; j < 6; j++) {
            assertEquals(0.05, Math.sqrt(Vectors.dot(w.student()[j], w.student()[j])), 1e-15);
            assertEquals(0.1, Math.abs(w.a()[j]), 1e-17);
        }
        assertThrows(SpecException.class, () -> TestModels.phaseRetrieval("initial.kind", "balanced",
                "initial.scale", "0.05", "initial.second-layer-ratio", "-1"));
    }

    @Test
    void rademacherTeacherRowsAreCoordinateVectors() {
        ModelSpec spec = TestModels.phaseRetrieval("inputs", "rademacher", "teacher.target", "xor", "teacher.k", "2",
                "teacher.indices", "[3, 7]", "student.p", "2");
        Weights w = TestModels.start(spec).network().orElseThrow();
        assertEquals(Math.sqrt(200), w.teacher()[0][3], 1e-12);
        assertEquals(Math.sqrt(200), w.teacher()[1][7], 1e-12);
        assertEquals(200, Vectors.dot(w.teacher()[1], w.teacher()[1]), 1e-9);
    }

    /**
     * Random rows g_j/|g_j| have E[d M_jr²] = 1 and E[d Q_jl²] = 1 (j ≠ l) exactly, at any d, since
     * E[(ĝ·e)²] = 1/d for a uniform unit vector ĝ. The drawn overlaps must match at d = 12, where a wrong
     * Wishart dimension (d − i instead of d − k − i) moves both by about k/d = 17 %. 20 000 draws give a
     * standard error of √(2/20000) = 0.01 on each mean (d M² is about χ²₁); 5 standard errors is the tolerance.
     */
    @Test
    void drawnOverlapsHaveTheExactSecondMomentsOfRandomRows() {
        int d = 12;
        int n = 20_000;
        ModelSpec spec = TestModels.phaseRetrieval("d", Integer.toString(d), "student.p", "3", "teacher.k", "2");
        Problem problem = TestModels.problem(spec);
        RandomGenerator rng = Seeds.initial(5);
        double m2 = 0;
        double q2 = 0;
        for (int i = 0; i < n; i++) {
            OverlapState s = InitialConditions.overlaps(new InitialCondition.Random(null), problem, rng);
            m2 += d * s.m(1, 0) * s.m(1, 0);
            q2 += d * s.q(0, 2) * s.q(0, 2);
            assertEquals(1, s.q(2, 2), 0);
        }
        assertEquals(1, m2 / n, 5 * Math.sqrt(2.0 / n));
        assertEquals(1, q2 / n, 5 * Math.sqrt(2.0 / n));
    }

    /** The network built for sgd has exactly the drawn overlaps (1e-12: round-off of d-dimensional sums). */
    @ParameterizedTest
    @ValueSource(strings = {"random", "balanced"})
    void networkHasExactlyTheDrawnOverlaps(String kind) {
        ModelSpec spec = TestModels.phaseRetrieval("d", "3000", "student.p", "4", "teacher.k", "2", "training.spherical",
                "false", "initial.kind", kind, "initial.scale", "0.3");
        Start start = TestModels.start(spec);
        OverlapState built = start.network().orElseThrow().overlaps();
        OverlapState drawn = start.overlaps();
        for (int j = 0; j < 4; j++) {
            for (int l = 0; l < 4; l++) {
                assertEquals(drawn.q(j, l), built.q(j, l), 1e-12);
            }
            for (int r = 0; r < 2; r++) {
                assertEquals(drawn.m(j, r), built.m(j, r), 1e-12);
            }
            assertEquals(drawn.a(j), built.a(j), 0);
        }
    }

    /** A reduced engine's start never builds the network: d = 10⁹ starts at once (a network would need 16 GB). */
    @Test
    void reducedStartsDoNotDependOnD() {
        ModelSpec spec = TestModels.phaseRetrieval("d", "1000000000", "student.p", "3");
        long t0 = System.nanoTime();
        Start start = Trial.of(spec, EngineKind.CHAIN).start();
        assertTrue(start.network().isEmpty());
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "drawing the overlaps took over a second");
        assertTrue(start.overlaps().maxAbsM() < 1e-3, "|M| ~ 1/sqrt(d)");
    }
}

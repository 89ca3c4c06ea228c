package dev.overlap.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.overlap.TestModels;
import dev.overlap.overlaps.OverlapState;
import dev.overlap.problem.Problem;
import dev.overlap.problem.Vectors;
import dev.overlap.spec.ModelSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class InitialConditionsTest {

    /** The overlaps initial condition is built exactly: 1e-12 is a few hundred ulps of round-off. */
    @ParameterizedTest
    @ValueSource(ints = {50, 3000})
    void overlapsKindReproducesRequestedMAndQ(int d) {
        ModelSpec spec = TestModels.phaseRetrieval("d", Integer.toString(d), "student.p", "3", "teacher.k", "2",
                "training.spherical", "false", "initial.kind", "overlaps",
                "initial.M", "[[0.3, -0.1], [0.0, 0.5], [-0.0185, 0.2]]",
                "initial.Q", "[[1.0, 0.2, 0.0], [0.2, 0.9, -0.1], [0.0, -0.1, 1.3]]");
        OverlapState s = InitialConditions.build(spec.initial(), Problem.of(spec)).overlaps();
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
        Problem problem = Problem.of(spec);
        OverlapState a = InitialConditions.build(spec.initial(), problem).overlaps();
        OverlapState b = InitialConditions.build(spec.initial(), problem).overlaps();
        assertEquals(a, b);
        assertEquals(1, a.q(0, 0), 1e-13);
        assertEquals(1, a.q(1, 1), 1e-13);
        assertEquals(0, a.teacher(0, 1), 1e-13);
        assertEquals(1, a.teacher(1, 1), 1e-13);
        ModelSpec other = TestModels.phaseRetrieval("student.p", "2", "teacher.k", "2", "initial.seed", "10");
        assertNotEquals(a.m(0, 0), InitialConditions.build(other.initial(), Problem.of(other)).overlaps().m(0, 0));
    }

    @Test
    void balancedKindHasRowsOfTheGivenNormAndSignedSecondLayer() {
        ModelSpec spec = TestModels.phaseRetrieval("student.p", "6", "training.spherical", "false",
                "initial.kind", "balanced", "initial.scale", "0.05", "student.preactivation", "raw");
        Weights w = InitialConditions.build(spec.initial(), Problem.of(spec));
        int positive = 0;
        for (int j = 0; j < 6; j++) {
            assertEquals(0.05, Math.sqrt(Vectors.dot(w.student()[j], w.student()[j])), 1e-15);
            assertEquals(0.05, Math.abs(w.a()[j]), 0);
            positive += w.a()[j] > 0 ? 1 : 0;
        }
        assertNotEquals(0, positive * (6 - positive), "both signs occur for this seed");
    }

    @Test
    void rademacherTeacherRowsAreCoordinateVectors() {
        ModelSpec spec = TestModels.phaseRetrieval("inputs", "rademacher", "teacher.target", "xor", "teacher.k", "2",
                "teacher.indices", "[3, 7]", "student.p", "2");
        Weights w = InitialConditions.build(spec.initial(), Problem.of(spec));
        assertEquals(Math.sqrt(200), w.teacher()[0][3], 1e-12);
        assertEquals(Math.sqrt(200), w.teacher()[1][7], 1e-12);
        assertEquals(200, Vectors.dot(w.teacher()[1], w.teacher()[1]), 1e-9);
    }
}

package dev.overlap.engine;

import java.util.Arrays;

/**
 * How a run's network is initialised; the random draw comes from the generator a trial hands to
 * {@link InitialConditions}. Arrays are row-major and copied in.
 */
public sealed interface InitialCondition permits InitialCondition.Random, InitialCondition.Overlaps,
        InitialCondition.Balanced {

    /** I.i.d. Gaussian student rows normalised to Q_jj = 1, second layer {@code a} (null: all ones). */
    record Random(double[] a) implements InitialCondition {
        public Random {
            a = a == null ? null : a.clone();
        }

        @Override
        public double[] a() {
            return a == null ? null : a.clone();
        }
    }

    /** Exactly the given M (p×k) and Q (p×p), second layer {@code a} (null: all ones). */
    record Overlaps(double[] m, double[] q, double[] a) implements InitialCondition {
        public Overlaps {
            m = m.clone();
            q = q.clone();
            a = a == null ? null : a.clone();
        }

        @Override
        public double[] m() {
            return m.clone();
        }

        @Override
        public double[] q() {
            return q.clone();
        }

        @Override
        public double[] a() {
            return a == null ? null : a.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Overlaps x && Arrays.equals(m, x.m) && Arrays.equals(q, x.q) && Arrays.equals(a, x.a);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(m) * 31 + Arrays.hashCode(q);
        }
    }

    /**
     * Rows uniform on the sphere of radius {@code radius} (weight norm), a_j = ± radius × {@code ratio} at random:
     * balanced (a_j² = |w_j|²) at ratio 1.
     */
    record Balanced(double radius, double ratio) implements InitialCondition {
        public Balanced(double radius) {
            this(radius, 1);
        }
    }
}

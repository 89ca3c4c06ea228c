package dev.overlap.overlaps;

import java.util.List;

/**
 * Scalar functions of a running engine's state recorded on the trajectory next to the overlaps.
 * {@link #curveNames()} names the leading columns that replicas keep as curves for comparison figures.
 */
public interface Observables {
    List<String> names();

    /** The leading names kept per replica (a prefix of {@link #names()}). */
    default List<String> curveNames() {
        return List.of();
    }

    /** Writes {@code names().size()} values for {@code state} into {@code out} from {@code offset}. */
    void evaluate(OverlapBuffer state, double[] out, int offset);

    /** Nothing beyond the overlaps. */
    Observables NONE = new Observables() {
        @Override
        public List<String> names() {
            return List.of();
        }

        @Override
        public void evaluate(OverlapBuffer state, double[] out, int offset) {
        }
    };
}

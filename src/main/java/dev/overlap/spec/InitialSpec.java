package dev.overlap.spec;

import dev.overlap.spec.Kinds.Initial;
import java.util.List;
import java.util.Optional;

/**
 * Initial condition. {@code m}, {@code q} are used by kind overlaps, {@code scale} by kind balanced;
 * {@code a} (optional) fixes the initial second layer for random and overlaps (default all ones).
 */
public record InitialSpec(Initial kind, long seed, Optional<Matrix> m, Optional<Matrix> q,
                          Optional<List<Double>> a, double scale) {
    public InitialSpec {
        a = a.map(List::copyOf);
    }
}

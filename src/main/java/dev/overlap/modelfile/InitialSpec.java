package dev.overlap.modelfile;

import dev.overlap.modelfile.Kinds.Initial;
import dev.overlap.modelfile.Kinds.Radius;
import java.util.List;
import java.util.Optional;

/**
 * Initial condition. {@code m}, {@code q} are used by kind overlaps, {@code scale} and {@code radius}
 * by kind balanced (rows uniform on the sphere of radius θ or θ/√p, a_j = ± that radius times
 * {@code secondLayerRatio}, 1 for the balanced start proper); {@code a} (optional) fixes the initial second
 * layer for random and overlaps (default all ones).
 */
public record InitialSpec(Initial kind, long seed, Optional<Matrix> m, Optional<Matrix> q,
                          Optional<List<Double>> a, double scale, Radius radius, double secondLayerRatio) {

    /** The balanced radius for width p. */
    public double radius(int p) {
        return radius == Radius.SCALE ? scale : scale / Math.sqrt(p);
    }

    public InitialSpec {
        a = a.map(List::copyOf);
    }
}

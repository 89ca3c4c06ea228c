package dev.overlap.engine;

import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGenerator.SplittableGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Reproducible random streams. The initial condition uses a generator seeded by initial.seed;
 * replica i of an experiment uses the i-th stream split from the generator seeded by run.seed, so
 * a replica's noise does not depend on which thread runs it or in which order.
 */
public final class Seeds {
    private static final RandomGeneratorFactory<RandomGenerator> LXM = RandomGeneratorFactory.of("L64X128MixRandom");

    private Seeds() {
    }

    public static RandomGenerator initial(long seed) {
        return LXM.create(seed);
    }

    /** Stream i of root seed (cost O(i); use {@link #replicas} for many). */
    public static RandomGenerator replica(long rootSeed, int replica) {
        return replicas(rootSeed, replica + 1).get(replica);
    }

    /** Streams 0..n−1 of the root seed, in order. */
    public static List<SplittableGenerator> replicas(long rootSeed, int n) {
        SplittableGenerator root = (SplittableGenerator) LXM.create(rootSeed);
        return root.splits(n).toList();
    }
}

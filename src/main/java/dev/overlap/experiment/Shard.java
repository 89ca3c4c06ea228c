package dev.overlap.experiment;

import dev.overlap.modelfile.UsageException;

/**
 * One of n shards of an experiment's replicas: shard i runs replicas i, i + n, i + 2n, … of the same
 * split streams, so n shards merged hold exactly the replicas, and results, of one run on one machine.
 */
public record Shard(int index, int count) {
    /** The whole experiment. */
    public static final Shard WHOLE = new Shard(0, 1);

    /** At most this many shards (a Slurm array larger than this is beyond any cluster's MaxArraySize). */
    public static final int MAX_COUNT = 10_000;

    public Shard {
        if (count < 1 || count > MAX_COUNT || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + ": needs 0 <= i < n <= " + MAX_COUNT);
        }
    }

    /** "i/n" as written on the command line. */
    public static Shard parse(String text) {
        String[] parts = text.split("/", -1);
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("command line: --shard: expected i/n with 0 <= i < n <= " + MAX_COUNT + ", got '" + text + "'", e);
        }
        throw new UsageException("command line: --shard: expected i/n with 0 <= i < n <= " + MAX_COUNT + ", got '" + text + "'");
    }

    public boolean contains(int replica) {
        return replica % count == index;
    }

    public boolean whole() {
        return count == 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}

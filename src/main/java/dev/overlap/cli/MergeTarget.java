package dev.overlap.cli;

import dev.overlap.experiment.OutputFolder;
import dev.overlap.modelfile.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where {@code merge} writes: a staging folder beside {@code --out} ({@code .NAME.merging}), renamed onto
 * {@code --out} in one step when the merge has finished, so a merge killed at any point leaves either no
 * {@code --out} or the whole merge; the next merge clears a killed one's staging folder. The shards are
 * read under a shared lock, so a shard still being written (its command holds the exclusive lock) is refused.
 */
final class MergeTarget {
    private MergeTarget() {
    }

    /** Refuses an {@code --out} that exists and holds anything but an unused folder lock. */
    static void requireNewOrEmpty(Path target) {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new UsageException("command line: --out " + target + " is a file: merge into a new or empty folder");
        }
        try (Stream<Path> entries = Files.list(target)) {
            if (entries.anyMatch(p -> !p.getFileName().toString().equals(OutputFolder.LOCK))) {
                throw new UsageException("command line: --out " + target + " is not empty: merge into a new or empty folder");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target + ": " + e.getMessage(), e);
        }
        // only a lock: take it (refused while another command holds it), then leave the folder empty for the rename
        try (OutputFolder held = OutputFolder.open(target)) {
            Files.deleteIfExists(target.resolve(OutputFolder.LOCK));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + target + ": " + e.getMessage(), e);
        }
    }

    /** The staging folder of a merge into {@code target}. */
    static Path staging(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".merging");
    }

    /** Removes what a killed merge left in the staging folder (its lock, now ours, stays). */
    static void clearStale(Path staging) {
        try (Stream<Path> entries = Files.walk(staging)) {
            for (Path p : entries.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(staging) && !p.equals(staging.resolve(OutputFolder.LOCK))) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + staging + ": " + e.getMessage(), e);
        }
    }

    /** Renames the finished staging folder onto {@code target} (absent or empty) in one step. */
    static void publish(Path staging, Path target) {
        try {
            Files.deleteIfExists(target); // empty (checked at the start), so the rename below replaces nothing
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + staging + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** Shared locks on the shard folders for as long as the merge reads them. */
    static final class ShardLocks implements AutoCloseable {
        private final List<FileChannel> channels = new ArrayList<>();

        static ShardLocks share(List<Path> shards) {
            ShardLocks locks = new ShardLocks();
            java.util.Set<Path> held = new java.util.HashSet<>();
            try {
                for (Path shard : shards) {
                    if (!Files.isDirectory(shard)) {
                        throw new UsageException("command line: " + shard + ": no such folder");
                    }
                    if (held.add(shard.toAbsolutePath().normalize())) { // a folder named twice is refused by the merge
                        locks.share(shard);
                    }
                }
            } catch (RuntimeException e) {
                locks.close();
                throw e;
            }
            return locks;
        }

        private void share(Path shard) {
            Path lockFile = shard.resolve(OutputFolder.LOCK);
            if (!Files.exists(lockFile)) {
                return; // copied without it: nothing of ours is writing there
            }
            FileLock lock;
            try {
                FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.READ);
                channels.add(channel);
                lock = channel.tryLock(0, Long.MAX_VALUE, true);
            } catch (IOException | OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new UsageException(shard + " is in use by another overlap command (it holds the lock "
                        + OutputFolder.LOCK + "): merge it when that command has finished");
            }
        }

        @Override
        public void close() {
            for (FileChannel c : channels) {
                try {
                    c.close();
                } catch (IOException e) {
                    // closing releases the lock; nothing was written through it
                }
            }
        }
    }
}

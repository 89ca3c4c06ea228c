package dev.overlap.experiment;

import dev.overlap.modelfile.UsageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * A command's output folder, held for the whole command: created (or checked writable) before the first
 * step, and locked exclusively through {@value #LOCK}, so a second command writing into the same folder is
 * refused instead of mixing its files with the first's. The operating system releases the lock when the
 * process ends, also after a crash. On close, a folder this command created and left empty (it failed
 * before writing anything) is removed again: a failed command leaves nothing behind.
 */
public final class OutputFolder implements AutoCloseable {
    /** The lock file, kept in the folder (removing it while others may open it would race). */
    public static final String LOCK = ".overlap.lock";

    private final Path dir;
    private final boolean created;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputFolder(Path dir, boolean created, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.created = created;
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates or opens {@code dir} and takes its lock, or refuses with a usage error saying why. */
    public static OutputFolder open(Path dir) {
        boolean created = !Files.exists(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException | UnsupportedOperationException e) {
            throw new UsageException("output folder " + dir + " cannot be created: " + reason(e), e);
        }
        if (!Files.isDirectory(dir)) {
            throw new UsageException("output folder " + dir + " is a file, not a folder");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UsageException("output folder " + dir + " is not writable: " + reason(e), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new UsageException("output folder " + dir + " is in use by another overlap command (it holds the lock "
                    + LOCK + "): wait for it to finish, or choose another folder");
        }
        return new OutputFolder(dir, created, channel, lock);
    }

    public Path path() {
        return dir;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the channel's close below releases it too
        }
        closeQuietly(channel);
        if (created && holdsOnlyTheLock()) {
            try {
                Files.deleteIfExists(dir.resolve(LOCK));
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // an empty folder left behind holds no result
            }
        }
    }

    private boolean holdsOnlyTheLock() {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.allMatch(p -> p.getFileName().toString().equals(LOCK));
        } catch (IOException e) {
            return false;
        }
    }

    /** What went wrong, in words (a FileSystemException's message is often just the path). */
    private static String reason(Exception e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getClass().getSimpleName().replaceAll("(?<=[a-z])(?=[A-Z])", " ").toLowerCase(java.util.Locale.ROOT);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }
}

package dev.overlap.cli;

import dev.overlap.modelfile.UsageException;

/** The worker-thread count of --threads: at least 1, the available processors by default. */
final class Threads {
    private Threads() {
    }

    static int resolve(Integer threads) {
        if (threads == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        if (threads < 1) {
            throw new UsageException("command line: --threads: must be at least 1, got " + threads);
        }
        return threads;
    }
}

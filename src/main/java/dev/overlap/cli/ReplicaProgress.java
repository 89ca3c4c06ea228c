package dev.overlap.cli;

import dev.overlap.experiment.ReplicaResult;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Replicas done, ETA and the running mean exit time: a progress bar on an interactive terminal, else (batch
 * logs, Slurm tasks) a plain line at most every {@value #LINE_INTERVAL_MS} ms; nothing under CI.
 */
final class ReplicaProgress implements Consumer<ReplicaResult>, AutoCloseable {
    private final ProgressBar bar;
    private double sum;
    private int escaped;
    private int done;

    private static final long LINE_INTERVAL_MS = 10_000;
    private final String task;
    private final int todo;
    /** Plain progress lines: no terminal, not under CI. */
    private final boolean plain;
    private long lastLine = System.currentTimeMillis();

    ReplicaProgress(String task, int todo) {
        this.task = task;
        this.todo = todo;
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        boolean interactive = System.console() != null && !ci;
        this.plain = System.console() == null && !ci;
        bar = interactive ? new ProgressBarBuilder().setTaskName(task).setInitialMax(todo).setStyle(ProgressBarStyle.ASCII)
                .setUnit(" replicas", 1).build() : null;
    }

    @Override
    public synchronized void accept(ReplicaResult r) {
        done++;
        if (r.escaped()) {
            escaped++;
            sum += r.exitTime();
        }
        String mean = String.format("running mean exit time %.4g in the model's time unit (%d of %d escaped)",
                sum / Math.max(1, escaped), escaped, done);
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(" " + mean);
        } else if (plain && (done == todo || System.currentTimeMillis() - lastLine >= LINE_INTERVAL_MS)) {
            lastLine = System.currentTimeMillis();
            System.out.printf("%s: %d of %d replicas done, %s%n", task, done, todo, mean);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}

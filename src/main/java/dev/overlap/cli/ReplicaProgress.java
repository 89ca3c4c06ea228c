package dev.overlap.cli;

import dev.overlap.experiment.ReplicaResult;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Replicas done, ETA and the running mean exit time, on an interactive terminal outside CI. */
final class ReplicaProgress implements Consumer<ReplicaResult>, AutoCloseable {
    private final ProgressBar bar;
    private double sum;
    private int escaped;
    private int done;

    ReplicaProgress(String task, int todo) {
        boolean interactive = System.console() != null && !"true".equalsIgnoreCase(System.getenv("CI"));
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
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(String.format(" running mean exit time %.4g (%d of %d escaped)", sum / Math.max(1, escaped),
                    escaped, done));
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}

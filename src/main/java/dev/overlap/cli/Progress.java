package dev.overlap.cli;

import dev.overlap.engine.Observer;
import dev.overlap.overlaps.OverlapBuffer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar over simulated time, shown only on an interactive terminal outside CI. It never asks
 * the run to go on (returns false), so combined with {@link Observer#all} it leaves stopping to the others.
 */
final class Progress implements Observer, AutoCloseable {
    private static final int PERCENT = 1000;
    private final ProgressBar bar;
    private final double tMax;

    private Progress(ProgressBar bar, double tMax) {
        this.bar = bar;
        this.tMax = tMax;
    }

    static Progress forRun(String task, double tMax) {
        boolean interactive = System.console() != null && !"true".equalsIgnoreCase(System.getenv("CI"));
        ProgressBar bar = interactive ? new ProgressBarBuilder().setTaskName(task).setInitialMax(PERCENT)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" ‰ of t-max", 1).build() : null;
        return new Progress(bar, tMax);
    }

    @Override
    public boolean observe(long step, double t, OverlapBuffer state) {
        if (bar != null && (step & 0xFFF) == 0) {
            bar.stepTo((long) (PERCENT * Math.min(1, t / tMax)));
        }
        return false;
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.stepTo(PERCENT);
            bar.close();
        }
    }
}

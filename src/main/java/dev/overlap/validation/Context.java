package dev.overlap.validation;

import dev.overlap.engine.EngineKind;
import dev.overlap.experiment.ExitTimesExperiment;
import dev.overlap.experiment.MonteCarlo;
import dev.overlap.experiment.Trial;
import dev.overlap.report.Figure;
import dev.overlap.report.FigureSize;
import dev.overlap.report.Figures;
import dev.overlap.modelfile.ModelLoader;
import dev.overlap.modelfile.ModelSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a claim runs with: its folder of model files, its output folder, the mode and the threads.
 * Monte Carlo experiments go to sub-folders of the output, which {@link Validation} empties unless an
 * interrupted claim is resumed; what is left there is then continued (as {@code exit-times --resume}).
 */
public record Context(Path models, Path out, boolean quick, int threads, boolean resume, boolean falsify,
                      Map<String, String> falsifier, FigureSize figureSize) {

    /** Without --falsify, figures at the screen size. */
    public Context(Path models, Path out, boolean quick, int threads, boolean resume) {
        this(models, out, quick, threads, resume, false, Map.of(), FigureSize.SCREEN);
    }

    /**
     * A model file of the claim's folder, with overrides (dotted keys, as --set); under --falsify the
     * claim's falsifier overrides are applied last.
     */
    public ModelSpec model(String file, Map<String, String> overrides) {
        if (!falsify || falsifier.isEmpty()) {
            return ModelLoader.load(models.resolve(file), overrides);
        }
        Map<String, String> all = new java.util.LinkedHashMap<>(overrides);
        all.putAll(falsifier);
        return ModelLoader.load(models.resolve(file), all);
    }

    /**
     * A model file of the claim's folder with overrides, never falsified: what a claim predicts from (its
     * theory stays the claimed model's while --falsify changes what is measured).
     */
    public ModelSpec claimedModel(String file, Map<String, String> overrides) {
        return ModelLoader.load(models.resolve(file), overrides);
    }

    /** quick or full value. */
    public int pick(int quickValue, int fullValue) {
        return quick ? quickValue : fullValue;
    }

    /**
     * n replicas of an engine in {@code out/name}. Replicas that record curves are never resumed (the
     * curves of finished replicas are not stored), so their folder is always started afresh.
     */
    public ExitTimesExperiment.Outcome exitTimes(String name, ModelSpec model, EngineKind engine, MonteCarlo.StartMode start,
                                                 int n, boolean curves) {
        Path dir = out.resolve(name);
        if (curves) {
            delete(dir);
        }
        System.out.printf("  %s: %s, %d replicas%n", name, engine, n);
        MonteCarlo.Plan plan = new MonteCarlo.Plan(Trial.of(model, engine), start, n, Set.of(), -1, threads,
                curves ? MonteCarlo.Curves.RISK : MonteCarlo.Curves.NONE);
        return ExitTimesExperiment.run(plan, dir, true, r -> { });
    }

    /** Draws a figure into the claim's folder and keeps its data, so {@code overlap plot} can redraw it. */
    public void keep(String name, Figure figure) {
        Figures.keep(out.resolve(name), figure, figureSize);
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

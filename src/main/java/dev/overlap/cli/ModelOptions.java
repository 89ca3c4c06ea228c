package dev.overlap.cli;

import dev.overlap.modelfile.ModelLoader;
import dev.overlap.modelfile.ModelSpec;
import dev.overlap.modelfile.UsageException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The model file and the options that override its values (the command line wins). */
final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file (YAML), see README.")
    Path model;

    @Option(names = "--d", paramLabel = "N", split = ",",
            description = "Input dimension (overrides d); a list, e.g. --d 1000,2000,5000, is compare's sweep and theory's "
                    + "and sample-complexity's dimensions.")
    List<Integer> d;

    @Option(names = "--seed", paramLabel = "S", description = "Root seed of the SGD noise (overrides run.seed).")
    Long seed;

    @Option(names = "--init-seed", paramLabel = "S", description = "Seed of the initial network (overrides initial.seed).")
    Long initSeed;

    @Option(names = "--t-max", paramLabel = "T", description = "Final time in run.time-unit (overrides run.t-max).")
    String tMax;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override any model-file key by its dotted path, e.g. --set training.learning-rate=0.05.")
    Map<String, String> set = new LinkedHashMap<>();

    ModelSpec load() {
        if (d != null && d.size() > 1) {
            throw new UsageException("command line: --d: this command takes one dimension, got " + d);
        }
        return load(Map.of());
    }

    /** Loads with further overrides (sweeps), which win over the other options. */
    ModelSpec load(Map<String, String> more) {
        Map<String, String> overrides = new LinkedHashMap<>(set);
        if (d != null && d.size() == 1) {
            overrides.put("d", d.get(0).toString());
        }
        if (seed != null) {
            overrides.put("run.seed", seed.toString());
        }
        if (initSeed != null) {
            overrides.put("initial.seed", initSeed.toString());
        }
        if (tMax != null) {
            overrides.put("run.t-max", tMax);
        }
        overrides.putAll(more);
        return ModelLoader.load(model, overrides);
    }
}

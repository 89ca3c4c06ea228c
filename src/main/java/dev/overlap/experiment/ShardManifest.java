package dev.overlap.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.io.BuildInfo;
import dev.overlap.io.Json;
import dev.overlap.spec.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code shard.json} at the top of a finished compare or sample-complexity shard: the command, the shard,
 * and what the whole run is (its {@code run} block), so that {@code merge} can check that n folders are the
 * n shards of one run. Written last, when every experiment of the shard has finished.
 */
public record ShardManifest(String command, Shard shard, JsonNode run) {
    public static final String FILE = "shard.json";

    public static void write(Path dir, String command, Shard shard, Map<String, Object> run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("program", BuildInfo.stamp());
        m.put("command", command);
        m.put("shard", Map.of("index", shard.index(), "count", shard.count()));
        m.put("run", run);
        Json.write(dir.resolve(FILE), m);
    }

    /** Whether {@code dir} holds a finished compare or sample-complexity shard. */
    public static boolean in(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    public static ShardManifest read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new UsageException(dir + " is not a finished compare or sample-complexity shard (no " + FILE
                    + "): resume it first");
        }
        try {
            JsonNode n = Json.mapper().readTree(file.toFile());
            return new ShardManifest(n.path("command").asText(), new Shard(n.path("shard").path("index").asInt(),
                    n.path("shard").path("count").asInt()), n.path("run"));
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException(file + " is not a readable shard manifest: " + e.getMessage(), e);
        }
    }

    /**
     * The shard folders ordered by index, after checking that they are the n shards of one run of
     * {@code command}, each once: anything else is refused, naming the difference.
     */
    public static List<Path> ordered(List<Path> dirs, String command) {
        ShardManifest first = null;
        Path firstDir = null;
        Map<Integer, Path> byIndex = new TreeMap<>();
        for (Path dir : dirs) {
            ShardManifest m = read(dir);
            if (!m.command().equals(command)) {
                throw new UsageException(dir + " is a shard of " + m.command() + ", not of " + command);
            }
            if (first == null) {
                first = m;
                firstDir = dir;
            } else if (!m.run().equals(first.run()) || m.shard().count() != first.shard().count()) {
                throw new UsageException(dir + " is a shard of another run than " + firstDir + ": "
                        + (m.shard().count() != first.shard().count() ? "shard counts " + m.shard().count() + " and "
                        + first.shard().count() : difference((ObjectNode) first.run(), (ObjectNode) m.run())));
            }
            Path twin = byIndex.put(m.shard().index(), dir);
            if (twin != null) {
                throw new UsageException(twin + " and " + dir + " are both shard " + m.shard());
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < first.shard().count(); i++) {
            if (!byIndex.containsKey(i)) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            throw new UsageException("shards " + missing + " of " + first.shard().count() + " are missing");
        }
        return List.copyOf(byIndex.values());
    }

    private static String difference(ObjectNode a, ObjectNode b) {
        List<String> names = new ArrayList<>();
        a.fieldNames().forEachRemaining(names::add);
        b.fieldNames().forEachRemaining(n -> {
            if (!names.contains(n)) {
                names.add(n);
            }
        });
        for (String n : names) {
            if (!a.path(n).equals(b.path(n))) {
                return n + " is " + a.path(n) + " there and " + b.path(n) + " here";
            }
        }
        return "they differ";
    }
}

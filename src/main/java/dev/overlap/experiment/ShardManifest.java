package dev.overlap.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlap.io.BuildInfo;
import dev.overlap.io.CorruptFileException;
import dev.overlap.io.Json;
import dev.overlap.io.StrictJson;
import dev.overlap.modelfile.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code shard.json} at the top of a finished shard (exit-times, compare, a compare sweep or sample-complexity):
 * the command, the shard, what the whole run is (its {@code run} block), the program that ran it, and the
 * SHA-256 of every file the shard holds, so that {@code merge} can check that n folders are the n shards of one
 * run, by one program, each exactly as it finished. Written last, when every experiment of the shard has finished.
 */
public record ShardManifest(String command, Shard shard, JsonNode run, String commit, Map<String, String> files) {
    public static final String FILE = "shard.json";

    public static void write(Path dir, String command, Shard shard, Map<String, Object> run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("program", BuildInfo.stamp());
        m.put("command", command);
        m.put("shard", Map.of("index", shard.index(), "count", shard.count()));
        m.put("run", run);
        m.put("sha256", checksums(dir));
        Json.write(dir.resolve(FILE), m);
    }

    /** Whether {@code dir} holds a finished shard. */
    public static boolean in(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /** The manifest of a finished shard, read strictly (every field present, in its domain). */
    public static ShardManifest read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            if (Files.isRegularFile(dir.resolve("compare.json")) || Files.isRegularFile(dir.resolve("experiment.json"))
                    && !StrictJson.read(dir.resolve("experiment.json")).root().has("shard")) {
                throw new UsageException(dir + " holds a whole experiment, not a shard (run it with --shard i/n)");
            }
            throw new UsageException(dir + " is not a finished shard (no " + FILE + "): resume it first");
        }
        StrictJson json = StrictJson.read(file);
        int count = (int) json.integer("shard.count", 1, Shard.MAX_COUNT);
        int index = (int) json.integer("shard.index", 0, count - 1);
        Map<String, String> files = new TreeMap<>();
        json.object("sha256").properties().forEach(e -> {
            if (!e.getValue().isTextual() || !e.getValue().asText().matches("[0-9a-f]{64}")) {
                throw json.bad("sha256." + e.getKey(), "must be a SHA-256 in hex, not " + e.getValue());
            }
            Path p = dir.resolve(e.getKey()).normalize();
            if (Path.of(e.getKey()).isAbsolute() || !p.startsWith(dir.normalize())) {
                throw json.bad("sha256." + e.getKey(), "names a file outside the shard");
            }
            files.put(e.getKey(), e.getValue().asText());
        });
        return new ShardManifest(json.text("command"), new Shard(index, count), json.object("run"),
                json.text("program.commit"), files);
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

    /**
     * Checks every shard's files against the SHA-256 its manifest recorded (a file edited, cut or removed
     * after the shard finished is refused by name) and that one program commit ran them all, unless
     * {@code mixedCommits}. Returns the commits, one per shard, in the order given.
     */
    public static List<String> verify(List<Path> dirs, boolean mixedCommits) {
        List<String> commits = new ArrayList<>();
        for (Path dir : dirs) {
            ShardManifest m = read(dir);
            for (Map.Entry<String, String> f : m.files().entrySet()) {
                Path file = dir.resolve(f.getKey());
                if (!Files.isRegularFile(file)) {
                    throw new CorruptFileException(file, "missing: the shard's " + FILE + " lists it");
                }
                if (!sha256(file).equals(f.getValue())) {
                    throw new CorruptFileException(file, "its SHA-256 differs from the one in " + dir.resolve(FILE)
                            + ": it changed after the shard finished");
                }
            }
            if (!commits.isEmpty() && !mixedCommits && !commits.get(0).equals(m.commit())) {
                throw new UsageException(dir + " was run by commit " + m.commit() + ", " + dirs.get(0) + " by "
                        + commits.get(0) + ": merge shards of one program (or accept it with --allow-mixed-commits)");
            }
            commits.add(m.commit());
        }
        return commits;
    }

    /** Every file under {@code dir} but the manifest and the folder lock, by relative path, with its SHA-256. */
    private static Map<String, String> checksums(Path dir) {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = dir.relativize(f).toString().replace('\\', '/');
                if (!name.equals(FILE) && !f.getFileName().toString().equals(OutputFolder.LOCK)) {
                    sums.put(name, sha256(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return sums;
    }

    private static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
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

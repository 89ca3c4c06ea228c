package dev.overlap.validation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.overlap.io.AtomicFiles;
import dev.overlap.io.BuildInfo;
import dev.overlap.io.Json;
import dev.overlap.modelfile.UsageException;
import dev.overlap.report.FigureSize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs claims and writes {@code report.md} and {@code validation.json}. Each claim's result is kept in
 * {@code <out>/<id>/claim.json} with a key over its model files, the mode and the program itself, so
 * a second run with identical inputs reuses it instead of measuring again.
 */
public final class Validation {
    /** One claim's row of the report; {@code error}: the measurement stopped with an exception (never cached). */
    public record Row(Claim claim, Verdict verdict, double wallSeconds, boolean cached, boolean error,
                      Map<String, Object> program) {
    }

    private Validation() {
    }

    public static List<Row> run(List<Claim> claims, Path validationDir, Path out, boolean quick, int threads,
                                boolean resume) {
        return run(claims, validationDir, out, quick, threads, resume, false, FigureSize.SCREEN);
    }

    /** With {@code falsify}, every claim runs on its falsifier (and must FAIL there); figures drawn at {@code size}. */
    public static List<Row> run(List<Claim> claims, Path validationDir, Path out, boolean quick, int threads,
                                boolean resume, boolean falsify, FigureSize size) {
        List<Row> rows = new ArrayList<>();
        byte[] program = programDigest();
        for (Claim c : claims) {
            Path dir = out.resolve(c.id());
            Path models = validationDir.resolve(c.id());
            String key = key(models, quick, program) + (falsify ? "-falsify" : "");
            Path cache = dir.resolve("claim.json");
            Row cached = read(cache, key, c);
            if (cached != null) {
                System.out.printf("%s: cached (%s)%n", c.id(), cached.verdict().pass() ? "PASS" : "FAIL");
                rows.add(cached);
                continue;
            }
            // Only an interrupted claim (no claim.json) is continued under --resume; a finished one from
            // other inputs, or any claim without --resume, starts from an empty folder.
            if (!resume || Files.exists(cache)) {
                Context.delete(dir);
            }
            System.out.printf("%s: %s%n", c.id(), falsify ? "falsifier: " + c.falsifier() : c.statement());
            long t0 = System.nanoTime();
            Verdict v;
            boolean error = false;
            try {
                Files.createDirectories(dir);
                v = c.check(new Context(models, dir, quick, threads, resume, falsify, c.falsifierOverrides(), size));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                // a claim that cannot be measured fails, with the reason, and the others still run; its
                // stack trace goes to stderr so the cause is never lost
                e.printStackTrace();
                v = new Verdict(false, "not measured: " + e.getMessage(), "-", List.of(),
                        "The measurement stopped with an error: " + e + ".");
                error = true;
            }
            Row row = new Row(c, v, (System.nanoTime() - t0) * 1e-9, false, error, BuildInfo.stamp());
            System.out.printf("%s: %s, %s (%.0f s)%n", c.id(), v.pass() ? "PASS" : "FAIL", v.measured(), row.wallSeconds());
            if (!error) {
                write(cache, key, row);
            }
            rows.add(row);
        }
        return rows;
    }

    /** The report: a table of every claim, then each claim's figures and paragraph. */
    public static String report(List<Row> rows, boolean quick) {
        return report(rows, quick, false);
    }

    /** With {@code falsify}: each claim measured on its falsifier, where FAIL is the expected outcome. */
    public static String report(List<Row> rows, boolean quick, boolean falsify) {
        StringBuilder md = new StringBuilder("# overlap validate").append(quick ? " --quick" : "")
                .append(falsify ? " --falsify" : "").append("\n\n");
        long passed = rows.stream().filter(r -> r.verdict().pass()).count();
        if (falsify) {
            md.append(rows.size() - passed).append(" of ").append(rows.size()).append(" claims FAIL on their falsifier, as "
                    + "they must").append(passed > 0 ? "; a claim that passes there has no power to tell the mechanism "
                    + "from its breaking" : "").append(quick ? " (reduced sizes of --quick)" : "").append(".\n\n");
        } else {
            md.append(passed).append(" of ").append(rows.size()).append(" claims pass")
                    .append(quick ? " at the reduced sizes of --quick (fewer seeds, smaller d)" : "").append(".\n\n");
        }
        md.append("| claim | result | measured | tolerance | wall time |\n|---|---|---|---|---|\n");
        for (Row r : rows) {
            String result = falsify ? (r.verdict().pass() ? "**PASS: no power**" : "FAIL, as it must")
                    : r.verdict().pass() ? "PASS" : "**FAIL**";
            md.append(String.format("| [%s](#%s) | %s | %s | %s | %.0f s%s |%n", r.claim().id(), r.claim().id(),
                    result, cell(r.verdict().measured()), cell(r.verdict().tolerance()), r.wallSeconds(),
                    r.cached() ? " (cached)" : ""));
        }
        for (Row r : rows) {
            md.append("\n## ").append(r.claim().id()).append("\n\n");
            md.append("*").append(r.claim().statement()).append("* — ").append(r.claim().source()).append("\n\n");
            md.append("Falsifier").append(falsify ? " (what ran here)" : "").append(": ").append(r.claim().falsifier())
                    .append("\n\n");
            md.append("**").append(r.verdict().pass() ? "PASS" : "FAIL").append("**: ").append(r.verdict().measured())
                    .append(" (tolerance: ").append(r.verdict().tolerance()).append(").\n\n");
            for (String f : r.verdict().figures()) {
                md.append("![").append(f).append("](").append(r.claim().id()).append('/').append(f).append(")\n\n");
            }
            md.append(r.verdict().paragraph()).append("\n");
            if (r.program() != null) {
                md.append("\nMeasured by overlap ").append(r.program().get("version")).append(" at commit ")
                        .append(r.program().get("commit")).append(Boolean.TRUE.equals(r.program().get("dirty"))
                                ? " (with uncommitted changes)" : "").append(".\n");
            }
        }
        return md.toString();
    }

    /** A table cell: a | inside it (as in |z| or |w_sig|) would end the cell, so it is escaped. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    public static Map<String, Object> json(List<Row> rows, boolean quick) {
        return json(rows, quick, false);
    }

    public static Map<String, Object> json(List<Row> rows, boolean quick, boolean falsify) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("program", BuildInfo.stamp());
        top.put("mode", quick ? "quick" : "full");
        top.put("falsify", falsify);
        top.put("passed", rows.stream().allMatch(r -> r.verdict().pass()));
        List<Map<String, Object>> claims = new ArrayList<>();
        for (Row r : rows) {
            claims.add(entry(r));
        }
        top.put("claims", claims);
        return top;
    }

    private static Map<String, Object> entry(Row r) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", r.claim().id());
        e.put("statement", r.claim().statement());
        e.put("source", r.claim().source());
        e.put("falsifier", r.claim().falsifier());
        e.put("pass", r.verdict().pass());
        e.put("measured", r.verdict().measured());
        e.put("tolerance", r.verdict().tolerance());
        e.put("wallSeconds", r.wallSeconds());
        e.put("figures", r.verdict().figures());
        e.put("paragraph", r.verdict().paragraph());
        if (r.program() != null) {
            e.put("program", r.program()); // what measured it: merged folders may come from different commits
        }
        return e;
    }

    private static void write(Path cache, String key, Row row) {
        Map<String, Object> e = entry(row);
        e.put("key", key);
        Json.write(cache, e);
    }

    /** The claim's saved row if its key is {@code key} (any key when null), else null. */
    private static Row read(Path cache, String key, Claim c) {
        if (!Files.exists(cache)) {
            return null;
        }
        try {
            JsonNode n = Json.mapper().readTree(cache.toFile());
            if (key != null && !key.equals(n.path("key").asText())) {
                return null;
            }
            List<String> figures = new ArrayList<>();
            n.path("figures").forEach(f -> figures.add(f.asText()));
            Verdict v = new Verdict(n.path("pass").asBoolean(), n.path("measured").asText(), n.path("tolerance").asText(),
                    figures, n.path("paragraph").asText());
            Map<String, Object> program = n.has("program") ? program(n) : null; // older files did not record it
            return new Row(c, v, n.path("wallSeconds").asDouble(), true, false, program);
        } catch (IOException e) {
            return null;
        }
    }

    /** SHA-256 over the claim's files, the mode and the digest of the running program. */
    static String key(Path models, boolean quick, byte[] program) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(program);
            sha.update((quick ? "quick" : "full").getBytes(StandardCharsets.UTF_8));
            if (Files.isDirectory(models)) {
                try (Stream<Path> files = Files.walk(models)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        sha.update(models.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                        sha.update(Files.readAllBytes(f));
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of the jar that runs (or, from a classes folder, of its modification time): read once per run. */
    private static byte[] programDigest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Path code = Path.of(Validation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(code)) {
                sha.update(Files.readAllBytes(code));
            } else {
                sha.update(Long.toString(Files.getLastModifiedTime(code).toMillis()).getBytes(StandardCharsets.UTF_8));
            }
            return sha.digest();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Combines validate folders that each ran some of the claims (Slurm array tasks) into {@code out}: the
     * claims' folders are copied and report.md and validation.json written as one run of all of them writes
     * them. Folders of different modes, a claim measured twice or one that did not finish are refused.
     */
    public static List<Row> merge(List<Path> parts, Path out) {
        Map<String, Row> byId = new LinkedHashMap<>();
        Boolean quick = null;
        boolean falsified = false;
        for (Path part : parts) {
            JsonNode v;
            try {
                v = Json.mapper().readTree(part.resolve("validation.json").toFile());
            } catch (IOException e) {
                throw new UsageException(part + " is not a finished validate folder (no readable validation.json): "
                        + e.getMessage(), e);
            }
            boolean q = "quick".equals(v.path("mode").asText());
            if (v.path("falsify").asBoolean()) {
                falsified = true;
            }
            if (quick != null && quick != q) {
                throw new UsageException(part + " ran validate " + (q ? "--quick" : "in full mode") + ", the others not");
            }
            quick = q;
            for (JsonNode entry : v.path("claims")) {
                String id = entry.path("id").asText();
                Claim claim = Claims.select(List.of(id)).get(0);
                Row row = read(part.resolve(id).resolve("claim.json"), null, claim);
                if (row == null) {
                    throw new UsageException(part.resolve(id) + ": claim " + id + " did not finish (no claim.json)");
                }
                if (byId.containsKey(id)) {
                    throw new UsageException("claim " + id + " was measured in two of the folders; merge each once");
                }
                copy(part.resolve(id), out.resolve(id));
                Map<String, Object> program = row.program() != null ? row.program()
                        : program(v);
                byId.put(id, new Row(claim, row.verdict(), row.wallSeconds(), false, false, program)); // measured there, not cached
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Claim c : Claims.all()) {
            if (byId.containsKey(c.id())) {
                rows.add(byId.get(c.id()));
            }
        }
        writeReports(rows, out, Boolean.TRUE.equals(quick), falsified);
        return rows;
    }

    /** The {@code program} object (version, commit, dirty) of a claim.json or validation.json. */
    private static Map<String, Object> program(JsonNode node) {
        return Json.mapper().convertValue(node.path("program"), new TypeReference<Map<String, Object>>() { });
    }

    private static void copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.sorted().toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /** Writes report.md and validation.json into out. */
    public static void writeReports(List<Row> rows, Path out, boolean quick) {
        writeReports(rows, out, quick, false);
    }

    public static void writeReports(List<Row> rows, Path out, boolean quick, boolean falsify) {
        AtomicFiles.writeBytes(out.resolve("report.md"), report(rows, quick, falsify).getBytes(StandardCharsets.UTF_8));
        Json.write(out.resolve("validation.json"), json(rows, quick, falsify));
    }
}

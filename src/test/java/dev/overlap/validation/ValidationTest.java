package dev.overlap.validation;

import dev.overlap.modelfile.UsageException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overlap.io.BuildInfo;
import dev.overlap.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationTest {
    /** A claim that counts its runs and passes or fails as told. */
    private static class Fake implements Claim {
        private final String id;
        private final boolean pass;
        int runs;

        Fake(String id, boolean pass) {
            this.id = id;
            this.pass = pass;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String statement() {
            return "statement of " + id;
        }

        @Override
        public String source() {
            return "test";
        }

        @Override
        public String falsifier() {
            return "the falsifier of " + id;
        }

        @Override
        public Verdict check(Context c) {
            runs++;
            return new Verdict(pass, "value " + runs, "tol", List.of(), "paragraph");
        }
    }

    @Test
    void secondRunReusesResultsUntilTheClaimsFilesChange(@TempDir Path tmp) throws Exception {
        Path claims = tmp.resolve("validation");
        Files.createDirectories(claims.resolve("a"));
        Files.writeString(claims.resolve("a/model.yaml"), "x: 1\n");
        Fake a = new Fake("a", true);
        Fake b = new Fake("b", false);
        Path out = tmp.resolve("out");
        List<Validation.Row> first = Validation.run(List.of(a, b), claims, out, true, 1, false);
        Validation.writeReports(first, out, true);
        List<Validation.Row> second = Validation.run(List.of(a, b), claims, out, true, 1, false);
        assertEquals(1, a.runs);
        assertEquals(1, b.runs);
        assertTrue(second.get(0).cached() && second.get(0).verdict().pass());
        assertFalse(second.get(1).verdict().pass());

        Files.writeString(claims.resolve("a/model.yaml"), "x: 2\n");
        Validation.run(List.of(a), claims, out, true, 1, false);
        assertEquals(2, a.runs, "a changed model file invalidates the cached result");
        Validation.run(List.of(a), claims, out, false, 1, false);
        assertEquals(3, a.runs, "full mode does not reuse a quick result");

        JsonNode json = Json.mapper().readTree(out.resolve("validation.json").toFile());
        assertFalse(json.get("passed").asBoolean());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| [a](#a) | PASS |") && md.contains("| [b](#b) | **FAIL** |"), md);
    }

    /** Folders that each ran some claims (Slurm array tasks) merge into one report in report order. */
    @Test
    void foldersOfSomeClaimsMergeIntoOneReport(@TempDir Path tmp) throws Exception {
        Path claims = tmp.resolve("validation");
        Files.createDirectories(claims);
        Path one = tmp.resolve("t1");
        Path two = tmp.resolve("t0");
        Validation.writeReports(Validation.run(List.of(new Fake("xor-reduced", false)), claims, one, true, 1, false), one, true);
        Validation.writeReports(Validation.run(List.of(new Fake("em-closed-form", true)), claims, two, true, 1, false), two,
                true);
        Path merged = tmp.resolve("merged");
        List<Validation.Row> rows = Validation.merge(List.of(one, two), merged);
        assertEquals(List.of("em-closed-form", "xor-reduced"), rows.stream().map(r -> r.claim().id()).toList());
        assertTrue(Files.exists(merged.resolve("xor-reduced/claim.json")));
        String md = Files.readString(merged.resolve("report.md"));
        assertTrue(md.contains("1 of 2 claims pass") && !md.contains("(cached)"), md);
        // each claim keeps the program that measured it, since the folders may come from different commits
        JsonNode v = Json.mapper().readTree(merged.resolve("validation.json").toFile());
        for (JsonNode c : v.path("claims")) {
            assertEquals(BuildInfo.stamp().get("commit"), c.path("program").path("commit").asText(), c.path("id").asText());
        }
        assertTrue(md.contains("Measured by overlap"), md);
        UsageException twice = assertThrows(UsageException.class, () -> Validation.merge(List.of(one, one), tmp.resolve("m2")));
        assertTrue(twice.getMessage().contains("measured in two of the folders"), twice.getMessage());
        Path full = tmp.resolve("full");
        Validation.writeReports(Validation.run(List.of(new Fake("em-d-log-d", true)), claims, full, false, 1, false), full, false);
        UsageException modes = assertThrows(UsageException.class, () -> Validation.merge(List.of(one, full), tmp.resolve("m3")));
        assertTrue(modes.getMessage().contains("the others not"), modes.getMessage());
    }

    @Test
    void aClaimThatThrowsIsReportedAsFailed(@TempDir Path tmp) {
        Claim broken = new Fake("broken", true) {
            @Override
            public Verdict check(Context c) {
                throw new IllegalStateException("no convergence");
            }
        };
        List<Validation.Row> rows = Validation.run(List.of(broken), tmp, tmp.resolve("out"), true, 1, false);
        assertFalse(rows.get(0).verdict().pass());
        assertTrue(rows.get(0).error());
        assertTrue(rows.get(0).verdict().measured().contains("no convergence"));
        assertFalse(Files.exists(tmp.resolve("out/broken/claim.json")), "an error is not cached");
    }

    @Test
    void everyClaimHasItsFolderAndAnUnknownIdIsNamed() {
        for (Claim c : Claims.all()) {
            assertTrue(Files.isRegularFile(Path.of("validation", c.id(), "README.md")), c.id());
            assertTrue(Files.isRegularFile(Path.of("validation", c.id(), "model.yaml")), c.id());
        }
        UsageException e = assertThrows(UsageException.class, () -> Claims.select(List.of("nope")));
        assertTrue(e.getMessage().startsWith("command line: 'nope' is not a claim"), e.getMessage());
    }
}

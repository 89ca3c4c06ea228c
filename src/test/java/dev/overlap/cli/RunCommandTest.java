package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    @TempDir
    Path tmp;

    private static Cli overlap(String... args) {
        return Cli.run(args);
    }

    /** The README's smoke path on the shipped model at d = 3000: the p = 1 run escapes (risk below 0.5) before t = 10. */
    @Test
    void shippedPhaseRetrievalEscapes() throws IOException {
        Path out = tmp.resolve("pr");
        Cli o = overlap("run", "--model", "models/phase-retrieval-p1.yaml", "--engine", "sgd", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        List<String> lines = Files.readAllLines(out.resolve("trajectory.csv"));
        assertEquals("t,step,risk,m_1_1,q_1_1,a_1", lines.get(0));
        boolean escaped = lines.stream().skip(1).map(l -> l.split(","))
                .anyMatch(c -> Double.parseDouble(c[0]) < 10 && Double.parseDouble(c[2]) < 0.5);
        assertTrue(escaped, "risk fell below 0.5 before t = 10");
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals("sgd", summary.get("engine").asText());
        assertEquals(3000, summary.get("d").asInt());
        assertEquals("natural", summary.get("timeUnit").asText());
        assertTrue(summary.get("exit").get("escaped").asBoolean());
        double exit = summary.get("exit").get("time").asDouble();
        assertTrue(exit > 0 && exit < 10, "exit time " + exit);
        assertEquals(0.1, summary.get("model").get("training").get("learning-rate").asDouble());
        assertTrue(summary.get("wallSeconds").asDouble() > 0);
    }

    @Test
    void badInputExitsTwoWithOneLineAndWritesNothing() {
        Path out = tmp.resolve("bad");
        Cli o = overlap("run", "--model", "models/phase-retrieval-p1.yaml", "--set", "training.learning-rate=-1",
                "--out", out.toString());
        assertEquals(2, o.code());
        assertEquals("error: command line: training.learning-rate: must be > 0, got -1.0", o.err().strip());
        assertFalse(Files.exists(out));

        Cli missing = overlap("run", "--model", "models/none.yaml", "--out", out.toString());
        assertEquals(2, missing.code());
        assertEquals("error: models/none.yaml: no such file", missing.err().strip());

        Cli engine = overlap("run", "--model", "models/phase-retrieval-p1.yaml", "--engine", "warp", "--out", out.toString());
        assertEquals(2, engine.code());
        assertEquals("error: command line: Invalid value for option '--engine': 'warp' is not an engine; engines: sgd, "
                + "chain, sde, ode (see overlap run --help)", engine.err().strip());
        assertFalse(Files.exists(out));
    }

    @Test
    void divergingRunExitsOneAndWritesNothing() {
        Path out = tmp.resolve("div");
        Cli o = overlap("run", "--model", "models/phase-retrieval-p1.yaml", "--d", "200", "--set",
                "training.spherical=false", "--set", "training.learning-rate=50", "--out", out.toString());
        assertEquals(1, o.code());
        assertTrue(o.err().startsWith("error: sgd run diverged at step "), o.err());
        assertEquals(1, o.err().strip().lines().count());
        assertFalse(Files.exists(out.resolve("trajectory.csv")));
        assertFalse(Files.exists(out.resolve("summary.json")));
    }

    /**
     * run repeats itself: the same run in its folder is run again and written identically (exit 0, with or without
     * --resume); another run there is refused, as compare refuses it.
     */
    @Test
    void runRepeatsItselfAndRefusesAnotherRunsFolder() throws IOException {
        Path out = tmp.resolve("one");
        String[] ode = {"run", "--model", "models/phase-retrieval-p1.yaml", "--engine", "ode", "--out", out.toString()};
        assertEquals(0, overlap(ode).code());
        byte[] first = Files.readAllBytes(out.resolve("trajectory.csv"));
        Cli again = overlap(ode);
        assertEquals(0, again.code(), again.err());
        assertTrue(java.util.Arrays.equals(first, Files.readAllBytes(out.resolve("trajectory.csv"))), "rewritten identically");
        String[] resumed = java.util.stream.Stream.concat(java.util.Arrays.stream(ode), java.util.stream.Stream.of("--resume"))
                .toArray(String[]::new);
        assertEquals(0, overlap(resumed).code(), "the same run, resumed");
        assertTrue(java.util.Arrays.equals(first, Files.readAllBytes(out.resolve("trajectory.csv"))), "rewritten identically");
        Cli other = overlap("run", "--model", "models/phase-retrieval-p1.yaml", "--engine", "ode", "--d", "500",
                "--out", out.toString());
        assertEquals(2, other.code(), other.err());
        assertTrue(other.err().contains("already holds an experiment: resume it, or choose another output folder"),
                other.err());
        Cli otherResumed = overlap("run", "--model", "models/phase-retrieval-p1.yaml", "--engine", "ode", "--d", "500",
                "--out", out.toString(), "--resume");
        assertEquals(2, otherResumed.code(), otherResumed.err());
        assertTrue(otherResumed.err().contains("holds a different experiment"), otherResumed.err());
        assertTrue(java.util.Arrays.equals(first, Files.readAllBytes(out.resolve("trajectory.csv"))), "left as it was");
    }

    /** theory --d is the list of dimensions to predict at, like --dims. */
    @Test
    void theoryHonoursD() throws IOException {
        Path out = tmp.resolve("theory");
        Cli o = overlap("theory", "--model", "models/phase-retrieval-p1.yaml", "--d", "1000,2000", "--samples", "5",
                "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        List<String> rows = Files.readAllLines(out.resolve("theory.csv"));
        assertEquals(3, rows.size());
        assertTrue(rows.get(1).startsWith("1000,") && rows.get(2).startsWith("2000,"), rows.toString());
    }
}

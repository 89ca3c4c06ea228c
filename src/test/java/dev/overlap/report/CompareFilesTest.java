package dev.overlap.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overlap.cli.OverlapCommand;
import dev.overlap.io.CurvesCsv;
import dev.overlap.io.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare saves what its figures and report show, and the figures are drawn from those saved files. */
class CompareFilesTest {
    @TempDir
    Path tmp;

    private static void overlap(String... args) {
        StringWriter err = new StringWriter();
        int code = OverlapCommand.commandLine().setErr(new PrintWriter(err, true))
                .setOut(new PrintWriter(new StringWriter(), true)).execute(args);
        assertEquals(0, code, String.join(" ", args) + ": " + err);
    }

    private static String[] compare(Path out, int seeds, String... more) {
        List<String> a = new ArrayList<>(List.of("compare", "--model", "models/phase-retrieval-p1.yaml", "--engines",
                "sgd,chain,ode", "--d", "200", "--t-max", "4", "--seeds", Integer.toString(seeds), "--sgd-seeds", "3",
                "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /**
     * The figures drawn by compare equal those redrawn by plot from the saved files, byte for byte; a
     * resumed compare keeps the curves of every earlier replica (and a resume with nothing to do redraws
     * the same figure); compare.json holds the statistics, tests and program of report.md.
     */
    @Test
    void figuresComeFromTheSavedFilesAndSurviveResume() throws IOException {
        Path out = tmp.resolve("cmp");
        overlap(compare(out, 6));
        byte[] drawn = Files.readAllBytes(out.resolve("risk_curves.png"));
        overlap("plot", out.toString());
        assertArrayEquals(drawn, Files.readAllBytes(out.resolve("risk_curves.png")), "plot redraws the same figure");
        assertEquals(6, CurvesCsv.read(out.resolve("chain").resolve(CurvesCsv.FILE)).replicas().size());

        overlap(compare(out, 10, "--resume"));
        CurvesCsv.Table chain = CurvesCsv.read(out.resolve("chain").resolve(CurvesCsv.FILE));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), List.copyOf(chain.replicas().keySet()));
        assertEquals(List.of("t", "step", "risk"), chain.columns());
        byte[] resumed = Files.readAllBytes(out.resolve("risk_curves.png"));
        assertFalse(java.util.Arrays.equals(drawn, resumed), "the resumed figure adds the new replicas");
        overlap(compare(out, 10, "--resume"));
        assertArrayEquals(resumed, Files.readAllBytes(out.resolve("risk_curves.png")),
                "a resume with nothing to run keeps every curve");

        JsonNode json = Json.mapper().readTree(out.resolve("compare.json").toFile());
        assertEquals(10, json.path("engines").path("chain").path("statistics").path("n").asInt());
        assertEquals(3, json.path("engines").path("sgd").path("statistics").path("n").asInt());
        assertTrue(json.path("twoSampleTests").get(0).path("pValue").isNumber());
        // the flat table repeats the nested statistics, one row per engine, in the engines' order
        JsonNode table = json.path("engineTable");
        assertEquals(json.path("engines").size(), table.size());
        for (JsonNode row : table) {
            JsonNode nested = json.path("engines").path(row.path("engine").asText()).path("statistics");
            assertEquals(nested.path("n").asInt(), row.path("n").asInt());
            assertEquals(nested.path("mean").asDouble(), row.path("mean").asDouble(), 0.0);
            assertEquals(nested.path("ci95Mean").get(1).asDouble(), row.path("meanUpper").asDouble(), 0.0);
        }
        assertTrue(json.path("theory").path("effectiveSamples").size() > 0);
        assertFalse(json.path("program").path("commit").asText().isEmpty());

        overlap("plot", out.toString(), "--format", "svg");
        assertTrue(Files.readString(out.resolve("risk_curves.svg")).contains("<svg"));
    }

    /**
     * --curves overlaps keeps every replica's M, Q and a on the grid, in trajectory.csv's columns (here p = 1: m_1_1,
     * q_1_1, a_1), for compare and for exit-times; a replica's row at t = 0 holds the model's start (M₀ = 0.01 at p = 1
     * here), the same in every replica of a same-start run; the plot of a compare still reads the risk from it.
     */
    @Test
    void overlapCurvesKeepEveryReplicasOverlaps() throws IOException {
        Path out = tmp.resolve("overlaps");
        overlap(compare(out, 4, "--curves", "overlaps"));
        CurvesCsv.Table chain = CurvesCsv.read(out.resolve("chain").resolve(CurvesCsv.FILE));
        assertEquals(4, chain.replicas().size());
        assertTrue(chain.columns().containsAll(List.of("t", "step", "risk", "m_1_1", "q_1_1", "a_1")), chain.columns().toString());
        int m = chain.columns().indexOf("m_1_1");
        double start = chain.replicas().get(0).get(0)[m];
        for (List<double[]> rows : chain.replicas().values()) {
            assertEquals(start, rows.get(0)[m], 0.0, "every replica starts from the model's M");
            assertTrue(rows.size() > 10, "recorded on the grid to t-max");
        }
        overlap("plot", out.toString());

        Path times = tmp.resolve("times");
        overlap("exit-times", "--model", "models/phase-retrieval-p1.yaml", "--engine", "chain", "--d", "200", "--t-max", "4",
                "--seeds", "3", "--curves", "overlaps", "--out", times.toString());
        CurvesCsv.Table kept = CurvesCsv.read(times.resolve(CurvesCsv.FILE));
        assertEquals(3, kept.replicas().size());
        assertTrue(kept.columns().contains("q_1_1"));
        Path none = tmp.resolve("none");
        overlap("exit-times", "--model", "models/phase-retrieval-p1.yaml", "--engine", "chain", "--d", "200", "--t-max", "4",
                "--seeds", "3", "--out", none.toString());
        assertFalse(Files.exists(none.resolve(CurvesCsv.FILE)), "by default exit-times keeps no curves");
    }
}

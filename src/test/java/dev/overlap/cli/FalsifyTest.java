package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate --falsify runs a claim on its falsifier, where it must FAIL: the closed-form claim passes on its
 * model and fails on the gradient-flow ODE, and the command's exit code says whether every claim failed.
 * (.ci/run runs validate --quick --falsify over every claim.)
 */
class FalsifyTest {
    @TempDir
    Path tmp;

    private static int overlap(String... args) {
        return OverlapCommand.commandLine().setErr(new PrintWriter(new StringWriter(), true))
                .setOut(new PrintWriter(new StringWriter(), true)).execute(args);
    }

    @Test
    void aClaimPassesOnItsModelAndFailsOnItsFalsifier() throws IOException {
        Path plain = tmp.resolve("plain");
        assertEquals(0, overlap("validate", "--quick", "--only", "em-closed-form", "--out", plain.toString()));
        Path falsified = tmp.resolve("falsified");
        assertEquals(0, overlap("validate", "--quick", "--falsify", "--only", "em-closed-form", "--out", falsified.toString()),
                "exit 0: every claim failed on its falsifier");
        String report = Files.readString(falsified.resolve("report.md"));
        assertTrue(report.contains("| FAIL, as it must |") && report.contains("1 of 1 claims FAIL on their falsifier"), report);
        assertTrue(report.contains("Falsifier (what ran here): the ODE without its γ·E[GGᵀ] term"), report);
        assertTrue(Files.readString(falsified.resolve("validation.json")).contains("\"falsify\" : true"));
    }
}

package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench.json has the shape the README documents: a row per figure, with that run's references and machine. */
class BenchCommandTest {
    @TempDir
    Path tmp;

    @Test
    void benchJsonHasARowPerFigureWithItsReferencesAndTheMachine() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        PrintStream stdout = System.out; // bench prints its table to standard output
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = OverlapCommand.commandLine().setErr(new PrintWriter(err, true))
                    .execute("bench", "--engine", "sgd,chain", "--d", "200", "--p", "1,3", "--seconds", "0.02",
                            "--out", tmp.toString());
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, code, err.toString());
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("bench.json").toFile());
        JsonNode rows = json.get("rows");
        assertEquals(4, rows.size(), "2 engines x 2 widths");
        for (int i = 0; i < rows.size(); i++) {
            JsonNode r = rows.get(i);
            assertEquals(i % 2 == 0 ? "sgd" : "chain", r.get("engine").asText());
            assertEquals(200, r.get("d").asInt());
            assertEquals(i < 2 ? 1 : 3, r.get("p").asInt());
            assertEquals(1, r.get("batch").asInt());
            assertTrue(r.get("microsPerStep").asDouble() > 0, r.toString());
            for (String ref : new String[] {"gaussians", "stream", "product"}) {
                assertTrue(r.get("references").get(ref).asDouble() > 0, ref + " in " + r);
            }
        }
        JsonNode machine = json.get("machine");
        assertTrue(machine.get("cores").asInt() >= 1 && !machine.get("cpu").asText().isBlank(), machine.toString());
        assertTrue(machine.has("cacheBytes") && machine.has("vm"), machine.toString());
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains(machine.get("cpu").asText() + ", "), "the printed header names the machine: " + printed);
    }
}

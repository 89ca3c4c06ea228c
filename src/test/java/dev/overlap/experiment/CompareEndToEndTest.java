package dev.overlap.experiment;

import dev.overlap.report.FigureSize;
import dev.overlap.report.Figures;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overlap.cli.OverlapCommand;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareEndToEndTest {
    @TempDir
    Path tmp;

    private static int overlap(StringWriter err, String... args) {
        return OverlapCommand.commandLine().setErr(new PrintWriter(err, true)).execute(args);
    }

    private static void assertPng(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        int w = FigureSize.SCREEN.pixelWidth();
        int h = FigureSize.SCREEN.pixelHeight();
        assertTrue(image != null && image.getWidth() == w && image.getHeight() == h, file + " is a " + w + "x" + h + " PNG");
    }

    @Test
    void compareWritesEveryFileAndFigure() throws IOException {
        Path out = tmp.resolve("cmp");
        StringWriter err = new StringWriter();
        int code = overlap(err, "compare", "--model", "models/phase-retrieval-p1.yaml", "--d", "200", "--t-max", "4",
                "--seeds", "12", "--sgd-seeds", "3", "--out", out.toString());
        assertEquals(0, code, err.toString());
        for (String engine : new String[] {"sgd", "chain", "sde", "ode"}) {
            assertTrue(Files.exists(out.resolve(engine).resolve("exit_times.csv")), engine);
            assertTrue(Files.exists(out.resolve(engine).resolve("summary.json")), engine);
        }
        assertEquals(13, Files.readAllLines(out.resolve("chain/exit_times.csv")).size());
        assertEquals(2, Files.readAllLines(out.resolve("ode/exit_times.csv")).size(), "one deterministic ODE replica");
        for (String png : new String[] {"risk_curves.png", "exit_times_ecdf.png"}) {
            assertPng(out.resolve(png));
        }
        assertFalse(Files.exists(out.resolve("exit_times_hist.png")), "the histogram only on request");
        assertEquals(0, overlap(err, "plot", out.toString(), "--histogram"), err.toString());
        assertPng(out.resolve("exit_times_hist.png"));
        String report = Files.readString(out.resolve("report.md"));
        for (String part : new String[] {"## Exit times", "| sgd |", "| chain |", "| sde |", "| ode |",
            "## Two-sample tests", "chain vs sde", "## Theory", "lambda = 1.59998", "![risk curves](risk_curves.png)"}) {
            assertTrue(report.contains(part), "report.md contains " + part);
        }
    }

    @Test
    void sweepWritesTheWidthAndDimensionFigures() throws IOException {
        Path out = tmp.resolve("sweep");
        StringWriter err = new StringWriter();
        int code = overlap(err, "compare", "--model", "models/phase-retrieval-p1.yaml", "--engines", "chain,ode",
                "--d", "200,400", "--p", "1,2", "--t-max", "6", "--seeds", "8", "--out", out.toString());
        assertEquals(0, code, err.toString());
        assertPng(out.resolve("sweep_d.png"));
        assertPng(out.resolve("sweep_p.png"));
        String report = Files.readString(out.resolve("report.md"));
        assertEquals(8, report.lines().filter(l -> l.matches("\\| (200|400) \\| [12] \\|.*")).count(),
                "4 grid points x 2 engines");
        assertTrue(Files.exists(out.resolve("grid/d=400_p=2_gamma=0.1/chain/exit_times.csv")));
        List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
        assertEquals(String.join(",", dev.overlap.report.SweepReport.COLUMNS), csv.get(0));
        assertEquals(9, csv.size(), "a header and 4 grid points x 2 engines");
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("400,2,0.1,0.05,gamma,chain,8,")), csv.toString());

        // plot redraws the sweep's figures from the saved files alone, identical to the ones drawn at run time
        byte[] drawn = Files.readAllBytes(out.resolve("sweep_p.png"));
        Files.delete(out.resolve("sweep_p.png"));
        assertEquals(0, overlap(err, "plot", out.toString()), err.toString());
        assertArrayEquals(drawn, Files.readAllBytes(out.resolve("sweep_p.png")));
        assertEquals(0, overlap(err, "plot", out.toString(), "--format", "svg"), err.toString());
        assertTrue(Files.readString(out.resolve("sweep_d.svg")).contains("<svg"));
    }

    /**
     * A sweep over d alone speaks of its one width, not of a regime across p; its figure draws ln(d)/(2λ) with the
     * offset c that the ODE at the smallest d gives, and says c.
     */
    @Test
    void dimensionOnlySweepNamesItsWidthAndTheTheorysOffset() throws IOException {
        Path out = tmp.resolve("d-only");
        StringWriter err = new StringWriter();
        int code = overlap(err, "compare", "--model", "models/phase-retrieval-p1.yaml", "--engines", "chain,ode",
                "--d", "200,400", "--t-max", "6", "--seeds", "6", "--out", out.toString());
        assertEquals(0, code, err.toString());
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("Width p = 1 at every point") && !report.contains("Regime:"), report);
        String figure = Files.readString(out.resolve("sweep_d.figure.json"));
        assertTrue(figure.contains("theory: ln(d)/(2 lambda) + c, c = ") && figure.contains("(the ODE at d = 200)"), figure);
    }

    /** --gamma-over-p holds γ/p fixed across widths ([EM]'s width regime), and the outputs say so. */
    @Test
    void widthSweepAtFixedGammaOverP() throws IOException {
        Path out = tmp.resolve("per-unit");
        StringWriter err = new StringWriter();
        int code = overlap(err, "compare", "--model", "models/phase-retrieval-p1.yaml", "--engines", "chain,ode",
                "--d", "300", "--p", "1,2,4", "--gamma-over-p", "0.04", "--t-max", "8", "--seeds", "6",
                "--out", out.toString());
        assertEquals(0, code, err.toString());
        List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("300,4,0.16,0.04,gamma/p,chain,6,")), csv.toString());
        assertTrue(Files.isDirectory(out.resolve("grid/d=300_p=2_gamma=0.08")));
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("Regime: gamma/p fixed across p") && report.contains("(gamma/p = 0.04)"), report);
        assertEquals(2, overlap(err, "compare", "--model", "models/phase-retrieval-p1.yaml", "--gamma", "0.1",
                "--gamma-over-p", "0.1", "--out", tmp.resolve("both").toString()));
    }
}

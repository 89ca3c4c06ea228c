package dev.overlap.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package table of docs/architecture.md, enforced: every reference from main code to another
 * top-level package of dev.overlap (an import or a qualified name) must be one the table allows.
 * Sub-packages belong to their top-level package (engine.ode is engine).
 */
class PackageRulesTest {
    /** Which top-level packages each may use; keep equal to the table in docs/architecture.md. */
    static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
            Map.entry("modelfile", Set.of()),
            Map.entry("linalg", Set.of()),
            Map.entry("gauss", Set.of()),
            Map.entry("stats", Set.of()),
            Map.entry("io", Set.of()),
            Map.entry("problem", Set.of("linalg")),
            Map.entry("overlaps", Set.of("problem", "gauss", "linalg")),
            Map.entry("engine", Set.of("problem", "overlaps", "gauss", "linalg")),
            Map.entry("exit", Set.of("engine", "overlaps", "problem", "linalg")),
            Map.entry("theory", Set.of("engine", "exit", "overlaps", "problem", "linalg")),
            Map.entry("experiment", Set.of("modelfile", "problem", "overlaps", "engine", "exit", "theory", "stats", "io", "linalg",
                    "gauss")),
            Map.entry("report", Set.of("experiment", "modelfile", "problem", "overlaps", "engine", "exit", "theory", "stats", "io",
                    "linalg")),
            Map.entry("validation", Set.of("report", "experiment", "modelfile", "problem", "overlaps", "engine", "exit", "theory",
                    "stats", "io", "linalg")),
            Map.entry("cli", Set.of("validation", "report", "experiment", "modelfile", "problem", "overlaps", "engine", "exit",
                    "theory", "stats", "io", "linalg", "gauss")));

    private static final Path MAIN = Path.of("src/main/java/dev/overlap");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.overlap\\.([a-z]+)\\b");

    @Test
    void everyReferenceIsAllowedByTheTable() throws IOException {
        List<String> violations = new ArrayList<>();
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String own = MAIN.relativize(f).getName(0).toString();
                packages.add(own);
                Set<String> allowed = MAY_USE.get(own);
                assertTrue(allowed != null, "package " + own + " is not in the table of docs/architecture.md");
                Matcher m = REFERENCE.matcher(Files.readString(f));
                while (m.find()) {
                    String used = m.group(1);
                    if (!used.equals(own) && !allowed.contains(used)) {
                        violations.add(MAIN.relativize(f) + " uses " + used);
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
        assertEquals(new TreeSet<>(MAY_USE.keySet()), packages, "the table lists exactly the packages that exist");
    }

    /**
     * Inside {@code engine} the root package (Engine, EngineKind, Start, …) is what the four engines build on, so it
     * never refers to them: building an engine of a kind lives in experiment.Engines.
     */
    @Test
    void theEngineRootPackageDoesNotKnowTheEngines() throws IOException {
        List<String> violations = new ArrayList<>();
        Pattern engines = Pattern.compile("\\bdev\\.overlap\\.engine\\.(sgd|chain|sde|ode)\\b");
        try (Stream<Path> files = Files.list(MAIN.resolve("engine"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = engines.matcher(Files.readString(f));
                if (m.find()) {
                    violations.add(f.getFileName() + " uses engine." + m.group(1));
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    /** The table itself has no cycle, so the packages form layers. */
    @Test
    void theTableIsAcyclic() {
        for (String start : MAY_USE.keySet()) {
            assertTrue(!reaches(start, start, new TreeSet<>()), start + " depends on itself through the table");
        }
    }

    private static boolean reaches(String from, String target, Set<String> seen) {
        for (String next : MAY_USE.get(from)) {
            if (next.equals(target) || seen.add(next) && reaches(next, target, seen)) {
                return true;
            }
        }
        return false;
    }

    /** Text files, where a citation could be: not the figures kept under validation/{@literal *}/expected. */
    private static boolean isText(Path f) {
        String name = f.getFileName().toString();
        return !(name.endsWith(".png") || name.endsWith(".pdf") || name.endsWith(".gz"));
    }

    /** The documentation the project cites is in the repository, and nothing cites a file outside it. */
    @Test
    void citationsStayInsideTheRepository() throws IOException {
        assertTrue(Files.exists(Path.of("docs/theory.md")) && Files.exists(Path.of("docs/architecture.md")));
        List<String> outside = new ArrayList<>();
        for (Path root : List.of(Path.of("src/main"), Path.of("docs"), Path.of("validation"), Path.of("README.md"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).filter(PackageRulesTest::isText).toList()) {
                    String text = Files.readString(f);
                    if (text.contains("../shared") || text.contains("SCIENCE.md") || text.contains("DESIGN.md")) {
                        outside.add(f.toString());
                    }
                }
            }
        }
        assertEquals(List.of(), outside);
    }
}

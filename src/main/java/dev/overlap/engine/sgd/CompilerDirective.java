package dev.overlap.engine.sgd;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * One HotSpot compiler directive for the single-sample step loop: the Gaussian draw
 * ({@code InputLaw.Gaussian.sample}) is compiled on its own instead of being inlined into
 * {@code SgdEngine.runSingle}. Inlined there, drawing the d = 3000 inputs of a step took either 22 or
 * 27 µs, depending on the JVM launch; compiled on its own it takes 19.6–20.3 µs in every launch (the README's
 * Performance section has the runs). Inlining changes no arithmetic, since Java floating point is strict,
 * only speed.
 *
 * <p>The directive is added once per JVM, when the first sgd engine is made, through the DiagnosticCommand
 * MBean (the in-process form of {@code jcmd Compiler.directives_add}); starting the management server costs
 * about 0.14 s. On a JVM without that command nothing changes, and {@link #applied()} says so. The system
 * property {@code overlap.compilerDirective=off} leaves the directive out, so that its effect can be measured.
 */
public final class CompilerDirective {
    /** The method whose compilation the directive governs, and the callees it keeps out of it. */
    static final String STEP_LOOP = "dev/overlap/engine/sgd/SgdEngine.runSingle";
    static final String KEPT_APART = "dev/overlap/problem/InputLaw$Gaussian.sample*";
    /** HotSpot's diagnostic commands (jcmd's) as an MBean. */
    static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

    private static final boolean APPLIED = apply();

    private CompilerDirective() {
    }

    /** Whether the directive is in force in this JVM; the first call adds it. */
    public static boolean applied() {
        return APPLIED;
    }

    private static boolean apply() {
        if ("off".equals(System.getProperty("overlap.compilerDirective"))) {
            return false;
        }
        Path file = null;
        try {
            file = Files.createTempFile("overlap-directive", ".json");
            Files.writeString(file, "[{ match: \"" + STEP_LOOP + "\", inline: \"-" + KEPT_APART + "\" }]");
            Object reply = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName(DIAGNOSTIC_COMMAND), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            return String.valueOf(reply).startsWith("1 compiler directives added");
        } catch (Exception | LinkageError e) { // not HotSpot, or no management: the loop runs as the JIT compiles it
            return false;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }
}

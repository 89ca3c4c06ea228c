package dev.overlap.engine.sgd;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.Arrays;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class CompilerDirectiveTest {
    /** The directive's patterns are strings: a renamed step loop or draw would silently stop matching. */
    @Test
    void itsPatternsNameMethodsThatExist() throws ClassNotFoundException {
        assertTrue(declares(CompilerDirective.STEP_LOOP), CompilerDirective.STEP_LOOP);
        assertTrue(declares(CompilerDirective.KEPT_APART), CompilerDirective.KEPT_APART);
    }

    /**
     * HotSpot accepted the directive and lists it with both its patterns. A malformed directive is refused
     * ("0 compiler directives added" or a parse error), and one without the inline rule would list no such line.
     */
    @Test
    void itIsInForceOnHotSpot() throws Exception {
        assumeTrue(System.getProperty("java.vm.name", "").contains("HotSpot")
                || System.getProperty("java.vm.name", "").contains("OpenJDK"), "not a HotSpot JVM");
        assumeTrue(!"off".equals(System.getProperty("overlap.compilerDirective")), "switched off for this run");
        assertTrue(CompilerDirective.applied());
        String printed = String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName(CompilerDirective.DIAGNOSTIC_COMMAND), "compilerDirectivesPrint",
                new Object[] {new String[0]}, new String[] {String[].class.getName()}));
        assertTrue(printed.contains("matching: " + CompilerDirective.STEP_LOOP), printed);
        assertTrue(printed.contains("inline: -" + CompilerDirective.KEPT_APART), printed);
    }

    /** Whether "pkg/Outer$Inner.method" (a trailing * matching any suffix) names a declared method. */
    private static boolean declares(String pattern) throws ClassNotFoundException {
        int dot = pattern.lastIndexOf('.');
        Class<?> type = Class.forName(pattern.substring(0, dot).replace('/', '.'));
        String method = pattern.substring(dot + 1);
        boolean prefix = method.endsWith("*");
        String name = prefix ? method.substring(0, method.length() - 1) : method;
        return Arrays.stream(type.getDeclaredMethods()).map(Method::getName)
                .anyMatch(m -> prefix ? m.startsWith(name) : m.equals(name));
    }
}

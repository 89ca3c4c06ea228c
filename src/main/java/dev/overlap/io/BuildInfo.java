package dev.overlap.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The program version and the git commit it was built from (git.properties, written by the build), so
 * that files from different builds cannot be confused. "unknown" when built outside a git checkout;
 * {@code dirty} when the working tree had uncommitted changes.
 */
public final class BuildInfo {
    private static final Properties PROPERTIES = load();

    private BuildInfo() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/git.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the build's git.properties: " + e.getMessage(), e);
        }
        return p;
    }

    public static String version() {
        return PROPERTIES.getProperty("git.build.version", "unknown");
    }

    public static String commit() {
        return PROPERTIES.getProperty("git.commit.id.full", "unknown");
    }

    public static boolean dirty() {
        return Boolean.parseBoolean(PROPERTIES.getProperty("git.dirty", "false"));
    }

    /** {@code {version, commit, dirty}} for JSON outputs. */
    public static Map<String, Object> stamp() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version());
        m.put("commit", commit());
        m.put("dirty", dirty());
        return m;
    }
}

package dev.overlap.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a benchmark ran on. Its ratios depend on the processor (how fast it draws Gaussians against how fast
 * it passes over W, and whether W fits in its caches: the same build measured 1.08× the draws at p = 1 on one
 * host and 1.34× on another), so every bench run records the processor's model and its largest data cache.
 * Read from Linux's /proc/cpuinfo and /sys/devices/system/cpu; elsewhere the cpu is os.arch and the cache 0.
 *
 * @param cpu        the processor's model name
 * @param cacheLevel the level of the largest data or unified cache (3 for an L3), 0 if unknown
 * @param cacheBytes its size in bytes, 0 if unknown
 */
public record Machine(String cpu, int cores, int cacheLevel, long cacheBytes, String vm) {
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final Path CACHES = Path.of("/sys/devices/system/cpu/cpu0/cache");

    public static Machine current() {
        String cpu = lines(CPUINFO).flatMap(Machine::cpuModel).orElse(System.getProperty("os.arch", "unknown"));
        int level = 0;
        long bytes = 0;
        for (int i = 0; Files.isDirectory(CACHES.resolve("index" + i)); i++) {
            Path dir = CACHES.resolve("index" + i);
            String type = first(dir.resolve("type"));
            if (type.equals("Instruction")) {
                continue;
            }
            int l = parseLevel(first(dir.resolve("level")));
            long size = cacheBytes(first(dir.resolve("size")));
            if (l > level && size > 0) {
                level = l;
                bytes = size;
            }
        }
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(), level, bytes,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    }

    /** The first "model name" of a /proc/cpuinfo listing. */
    static Optional<String> cpuModel(List<String> cpuinfo) {
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("model name")) {
                String name = line.substring(colon + 1).trim().replaceAll("\\s+", " ");
                return name.isEmpty() ? Optional.empty() : Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** A sysfs cache size ("49152K", "480M", "1024") in bytes; 0 if it is not one. */
    static long cacheBytes(String size) {
        if (!size.matches("\\d+[KMG]?")) {
            return 0;
        }
        char unit = size.charAt(size.length() - 1);
        long scale = switch (unit) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1;
        };
        String digits = Character.isDigit(unit) ? size : size.substring(0, size.length() - 1);
        return Long.parseLong(digits) * scale;
    }

    /** One line for a report: "Intel(R) Xeon(R) Processor, L3 480 MiB, 2 cores, OpenJDK 64-Bit Server VM 17.0.15". */
    public String describe() {
        String cache = cacheLevel == 0 ? "largest cache unknown"
                : String.format(Locale.ROOT, "L%d %s", cacheLevel, size());
        return cpu + ", " + cache + ", " + cores + " cores, " + vm;
    }

    /** The cache's size in MiB when whole, else in KiB. */
    private String size() {
        return cacheBytes % (1L << 20) == 0 ? cacheBytes / (1L << 20) + " MiB" : cacheBytes / (1L << 10) + " KiB";
    }

    /** {@code {cpu, cores, cacheLevel, cacheBytes, vm}} for bench.json. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpu);
        m.put("cores", cores);
        m.put("cacheLevel", cacheLevel);
        m.put("cacheBytes", cacheBytes);
        m.put("vm", vm);
        return m;
    }

    private static int parseLevel(String s) {
        return s.matches("\\d+") ? Integer.parseInt(s) : 0;
    }

    private static Optional<List<String>> lines(Path file) {
        try {
            return Optional.of(Files.readAllLines(file));
        } catch (IOException | SecurityException e) {
            return Optional.empty(); // not Linux, or not readable: the cpu falls back to os.arch, the cache to 0
        }
    }

    private static String first(Path file) {
        return lines(file).filter(l -> !l.isEmpty()).map(l -> l.get(0).trim()).orElse("");
    }
}

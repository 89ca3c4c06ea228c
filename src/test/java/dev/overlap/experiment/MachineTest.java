package dev.overlap.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The machine a bench ran on, read from Linux's listings. */
class MachineTest {

    /** The model name, not the neighbouring "model" (a number) that a prefix match would take. */
    @Test
    void theCpuIsTheFirstModelName() {
        List<String> cpuinfo = List.of("processor\t: 0", "vendor_id\t: GenuineIntel", "model\t\t: 167",
                "model name\t: Intel(R) Xeon(R)   Processor", "processor\t: 1", "model name\t: Other");
        assertEquals(Optional.of("Intel(R) Xeon(R) Processor"), Machine.cpuModel(cpuinfo));
        assertEquals(Optional.empty(), Machine.cpuModel(List.of("processor\t: 0", "model\t\t: 167")));
    }

    @Test
    void sysfsSizesAreBytes() {
        assertEquals(48L << 10, Machine.cacheBytes("48K"));
        assertEquals(491520L << 10, Machine.cacheBytes("491520K"));
        assertEquals(16L << 20, Machine.cacheBytes("16M"));
        assertEquals(1024, Machine.cacheBytes("1024"));
        assertEquals(0, Machine.cacheBytes(""));
        assertEquals(0, Machine.cacheBytes("16 MB"));
    }

    @Test
    void theDescriptionNamesTheLargestCacheWithItsUnit() {
        assertEquals("Xeon, L3 480 MiB, 2 cores, vm 17", new Machine("Xeon", 2, 3, 491520L << 10, "vm 17").describe());
        assertEquals("Xeon, L2 1536 KiB, 2 cores, vm 17", new Machine("Xeon", 2, 2, 1536L << 10, "vm 17").describe());
        assertEquals("arm, largest cache unknown, 4 cores, vm", new Machine("arm", 4, 0, 0, "vm").describe());
    }

    /** Here (Linux, in CI and on the development machine) the listings are there to read. */
    @Test
    void thisMachineIsRead() {
        Machine m = Machine.current();
        assertTrue(m.cores() >= 1);
        assertFalse(m.cpu().isBlank());
        if (System.getProperty("os.name").equals("Linux")) {
            assertTrue(m.cacheLevel() >= 1 && m.cacheBytes() > 0, m.describe());
        }
    }
}

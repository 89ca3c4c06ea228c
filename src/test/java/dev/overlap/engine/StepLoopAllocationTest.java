package dev.overlap.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.overlap.TestModels;
import dev.overlap.engine.chain.ChainEngine;
import dev.overlap.engine.sgd.SgdEngine;
import dev.overlap.problem.Problem;
import dev.overlap.spec.Kinds;
import dev.overlap.spec.ModelSpec;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StepLoopAllocationTest {

    /**
     * No allocation in the step loops of the sgd and chain engines: the bytes a run allocates do not
     * grow with its length. 40 000 extra steps at even 8 bytes each would add 320 kB; the bound of 64 kB
     * leaves room for JIT and class-loading noise but not for a per-step allocation.
     */
    @ParameterizedTest(name = "{0}, batch={1}")
    @CsvSource({"sgd, 1", "sgd, 3", "chain, 1", "chain, 3"})
    void stepLoopDoesNotAllocate(String engineName, int batch) {
        ModelSpec spec = TestModels.phaseRetrieval("student.p", "3", "training.batch", Integer.toString(batch),
                "student.second-layer", "trained");
        Problem problem = Problem.of(spec);
        Weights start = InitialConditions.build(spec.initial(), problem);
        TimeAxis steps = new TimeAxis(Kinds.TimeUnit.STEPS, 1);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long[] bytes = new long[2];
        for (int repeat = 0; repeat < 3; repeat++) { // the last repeat runs compiled code
            for (int i = 0; i < 2; i++) {
                long n = i == 0 ? 10_000 : 50_000;
                Engine engine = engineName.equals("sgd") ? new SgdEngine(problem, steps, n)
                        : new ChainEngine(problem, steps, n, start.overlaps().teacherArray());
                long before = threads.getThreadAllocatedBytes(id);
                engine.run(start, Seeds.replica(1, 0), (s, t, st) -> true);
                bytes[i] = threads.getThreadAllocatedBytes(id) - before;
            }
        }
        assertTrue(bytes[1] - bytes[0] < 64 * 1024, "extra 40 000 steps allocated " + (bytes[1] - bytes[0]) + " bytes");
    }
}

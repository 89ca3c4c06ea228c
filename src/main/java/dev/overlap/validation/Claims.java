package dev.overlap.validation;

import dev.overlap.modelfile.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The claims {@code overlap validate} knows, in report order. */
public final class Claims {
    private Claims() {
    }

    public static List<Claim> all() {
        return List.of(new EmClosedForm(), new EmChainIsSgd(), new EmSdeVsChain(), new EmDLogD(), new EmLearningRate(), new EmDeterministic(), new EmEscapeFromZero(), new EmAnnealedQuenched(), new EmSecondLayer(), new EmOdeRatio(),
                new EmWidth(), new EmWidthSamples(), new EmCurves(), new XorPhaseOne(), new XorPhaseTwo(), new XorSampleComplexity(), new XorLazyBaseline(), new XorSignalHeavy(), new XorSufficiency(), new XorBalance(),
                new XorReduced(), XorPhaseOneVariant.theoremStart(), XorPhaseOneVariant.gaussian());
    }

    /** The claims with these ids (all when empty), in report order; an unknown id is an error naming it. */
    public static List<Claim> select(List<String> ids) {
        List<Claim> all = all();
        if (ids == null || ids.isEmpty()) {
            return all;
        }
        Set<String> known = new java.util.LinkedHashSet<>();
        all.forEach(c -> known.add(c.id()));
        for (String id : ids) {
            if (!known.contains(id)) {
                throw new UsageException("command line: '" + id + "' is not a claim; claims: " + String.join(", ", known));
            }
        }
        List<Claim> out = new ArrayList<>();
        for (Claim c : all) {
            if (ids.contains(c.id())) {
                out.add(c);
            }
        }
        return out;
    }
}

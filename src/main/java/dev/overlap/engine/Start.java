package dev.overlap.engine;

import dev.overlap.overlaps.OverlapState;
import java.util.Optional;

/**
 * Where a run starts: the overlaps, and — only for an engine that trains it ({@link EngineKind#needsNetwork})
 * — a d-dimensional network whose overlaps are exactly these. Reduced engines never see a d-sized array.
 */
public final class Start {
    private final OverlapState overlaps;
    private final Weights network;

    private Start(OverlapState overlaps, Weights network) {
        this.overlaps = overlaps;
        this.network = network;
    }

    /** A start for the reduced engines. */
    public static Start of(OverlapState overlaps) {
        return new Start(overlaps, null);
    }

    /** A start with its network; {@code overlaps} must be the network's. */
    public static Start of(OverlapState overlaps, Weights network) {
        return new Start(overlaps, network);
    }

    public OverlapState overlaps() {
        return overlaps;
    }

    /** The network, present when the start was built for an engine that trains it. */
    public Optional<Weights> network() {
        return Optional.ofNullable(network);
    }

    /** The same start with a private copy of the network, for a run that trains it in place. */
    public Start copy() {
        return network == null ? this : new Start(overlaps, network.copy());
    }
}

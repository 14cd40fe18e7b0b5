package io.warden.adapter.api;

/**
 * Whether this node may drive a controller's line right now. On one node it always may; in a
 * cluster the permit is the node's ownership lease of the controller, and it lapses on this node's
 * own monotonic clock before any other node can take the lease over. Adapters ask right before
 * every frame or request they write, and write nothing when refused: a node that was paused or cut
 * off never sends another byte to a line it may no longer own, so a door never has two panels.
 */
public interface LinePermit {
    /** The permit of a single node: it owns every line it is configured with. */
    LinePermit ALWAYS = () -> true;

    /** True while this node holds the line; cheap, no I/O, any thread. */
    boolean mayDrive();

    /** Why the line may not be driven now, for the error an adapter reports; only meaningful when {@link #mayDrive} is false. */
    default String refusal() {
        return "this node no longer owns the line (its ownership lease lapsed)";
    }
}

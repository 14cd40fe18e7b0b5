package io.warden.adapter.api.testing;

import io.warden.adapter.api.LinePermit;

/**
 * A line permit a test takes away and gives back, standing in for a node's ownership lease. Granted
 * until {@link #revoke}; read on every ask, so an adapter holding it sees the change at once.
 */
public final class SwitchablePermit implements LinePermit {
    /** Null while granted, else the refusal text. */
    private volatile String refusal;

    /** Grants the line again. */
    public void grant() {
        refusal = null;
    }

    /** Takes the line away; adapters should report {@code refusal} in the errors they give. */
    public void revoke(String refusal) {
        this.refusal = refusal;
    }

    @Override
    public boolean mayDrive() {
        return refusal == null;
    }

    @Override
    public String refusal() {
        String why = refusal;
        return why == null ? LinePermit.super.refusal() : why;
    }
}

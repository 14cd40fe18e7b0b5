package io.warden.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Door state stays true under a random, partly overlapping mix of lock, unlock, unlock-until and
 * pulse ({@link DoorSequence}), with a fixed seed, over the real transports: gym-west is a plaintext
 * PD on TCP, library a PD on the serial line, gym-east the secure PD on TCP. Most runs have PDs that
 * volunteer no output reports (the simulator's default), so every relock the gateway shows was read
 * back; one has PDs that report every output change through POLL, snapshots that reach the gateway
 * after its own reads. A longer run: {@link DoorSequenceSoak}.
 */
class DoorSequenceE2ETest extends GatewayE2eTest {

    @Test
    void aSeededSequenceOverTcpKeepsApiPdAndTrailInAgreement() throws Exception {
        assertThat(new DoorSequence(gw, "gym-west", 20261201L).run(150)).isGreaterThanOrEqualTo(150);
    }

    @Test
    void aSeededSequenceWithPdsThatReportOutputChangesKeepsApiPdAndTrailInAgreement() throws Exception {
        gw.reportOutputChanges(true);
        assertThat(new DoorSequence(gw, "gym-east", 42L).run(150)).isGreaterThanOrEqualTo(150);
    }

    @Test
    void aSeededSequenceOverSerialKeepsApiPdAndTrailInAgreement() throws Exception {
        assertThat(new DoorSequence(gw, "library", 7L).run(100)).isGreaterThanOrEqualTo(100);
    }
}

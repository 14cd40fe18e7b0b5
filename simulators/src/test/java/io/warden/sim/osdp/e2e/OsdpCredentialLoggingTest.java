package io.warden.sim.osdp.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.api.testing.CapturedStderr;
import io.warden.adapter.api.Credential;
import io.warden.adapter.api.DeviceEvent;
import io.warden.osdp.cp.OsdpCpBus;
import io.warden.sim.osdp.OsdpPdSimulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Card numbers and PIN digits never reach the log, even at DEBUG (simplelogger.properties turns it
 * on for the OSDP packages), nor the events' default toStrings; the events still carry them for the
 * audit trail.
 */
class OsdpCredentialLoggingTest extends OsdpLineTestBase {
    private static final byte[] CARD = {(byte) 0xA7, 0x3C, 0x5E, (byte) 0xC0}; // 26 bits, left-justified
    private static final String CARD_HEX = "A73C5EC0";
    private static final String PIN = "8642";

    @Test
    void aCardReadAndAKeypadEntryLeaveNoCredentialInTheLog() throws Exception {
        assertThat(LoggerFactory.getLogger(OsdpCpBus.class).isDebugEnabled()).as("the bus logs at DEBUG here").isTrue();
        List<DeviceEvent.CredentialRead> reads;
        CapturedStderr log = CapturedStderr.start();
        try {
            line = OsdpLineFixture.start(vertx, OsdpLineFixture.Link.TCP, OsdpPdSimulator.Options.DEFAULT,
                    OsdpLineFixture.plainPds(1), OsdpLineFixture.plainDevices(1), Map.of());
            until(() -> line.door(1).state().online(), "PD online");
            var pd = line.simulator.pd(1);
            await(pd.swipeCard(CARD, 26));
            await(pd.keypad(PIN + "#"));
            until(() -> line.context.events(DeviceEvent.CredentialRead.class).size() == 2, "card and keypad reported");
            reads = line.context.events(DeviceEvent.CredentialRead.class);
        } finally {
            log.close();
        }

        assertThat(reads).extracting(r -> r.credential().value()).as("the audit trail still gets them")
                .containsExactly(CARD_HEX, PIN + "#");
        String text = log.text();
        assertThat(text).as("something was logged").contains("event=");
        assertThat(text).doesNotContainIgnoringCase(CARD_HEX).doesNotContain(PIN);
        assertThat(reads.toString()).doesNotContainIgnoringCase(CARD_HEX).doesNotContain(PIN)
                .contains("Credential[CARD, 26 bits, redacted]", "Credential[PIN, 5 keys, redacted]");
        assertThat(new Credential(Credential.Kind.CARD, CARD_HEX, 26).wiegand26()).as("still decodable").isNotNull();
    }
}

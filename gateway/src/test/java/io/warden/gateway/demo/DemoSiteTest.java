package io.warden.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.warden.adapter.api.Credential;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorCommand;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo end to end in one JVM: a pty line and a TCP line, the adapters, the scripted session. */
@Timeout(40)
class DemoSiteTest {
    private final Vertx vertx = Vertx.vertx();
    private final List<String> printed = new CopyOnWriteArrayList<>();
    private DemoSite site;

    @AfterEach
    void stop() throws Exception {
        if (site != null) site.stop().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void fourDoorsComeOnlineAndTheSessionBuzzesAndReadsCards() throws Exception {
        site = DemoSite.start(vertx, 0, printed::add).await(DemoSite.START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        site.online().await(DemoSession.ONLINE_TIMEOUT.toSeconds() + 2, TimeUnit.SECONDS);

        assertThat(site.doors()).extracting(DemoDoor::id).containsExactly("front-office", "gym-east", "library", "bus-loop");
        for (DemoDoor d : site.doors()) {
            assertThat(d.health().status()).as(d.deviceId()).isEqualTo(DeviceHealth.Status.ONLINE);
        }
        assertThat(site.door("library").health().detail()).isEqualTo("secure channel established");
        DemoDoor busLoop = site.door("bus-loop");
        assertThat(busLoop.pd().installMode()).as("bus-loop PD left install mode").isFalse();
        assertThat(busLoop.pd().currentScbk()).as("bus-loop PD holds the provisioned key")
                .isEqualTo(HexFormat.of().parseHex(DemoSite.DEMO_SECRETS.get("DEMO_BUS_LOOP_SCBK")));
        assertThat(busLoop.health().detail()).isEqualTo("secure channel established");

        waitFor("a confirmed pulse", () -> site.console().confirmed().stream().anyMatch(r -> r.command() instanceof DoorCommand.Pulse));
        waitFor("a card read", () -> site.console().events().stream().anyMatch(e -> e instanceof DeviceEvent.CredentialRead));
        DeviceEvent.CredentialRead read = site.console().events().stream().filter(DeviceEvent.CredentialRead.class::isInstance)
                .map(DeviceEvent.CredentialRead.class::cast).findFirst().orElseThrow();
        assertThat(read.credential().kind()).isEqualTo(Credential.Kind.CARD);
        assertThat(read.credential().wiegand26()).isEqualTo("20:13912");
        assertThat(printed).anyMatch(l -> l.contains(" credential.read ") && l.contains("card 26 bits 20:13912"));
        assertThat(printed).anyMatch(l -> l.contains("> pulse") && l.contains(" ok "));
        for (String secret : DemoSite.DEMO_SECRETS.values()) {
            assertThat(printed).noneMatch(l -> l.toUpperCase().contains(secret));
        }
    }

    @Test
    void wiegand26EncodesFacilityAndNumberWithParity() {
        byte[] card = DemoSession.wiegand26(20, 13912);
        assertThat(Credential.card(card, 26).wiegand26()).isEqualTo("20:13912");
        // P 00010100 0011011001011000 P: 4 ones in the first 12 data bits (even parity 0), 5 in the last 12 (odd parity 0)
        assertThat(HexFormat.of().withUpperCase().formatHex(card)).isEqualTo("0A1B2C00");
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }
}

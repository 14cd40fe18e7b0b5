package io.warden.sim.onvif.door;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.adapter.onvif.soap.OnvifNs;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** Device service of the door controller: discovery, clock, authentication. */
class OnvifDoorControllerDeviceTest extends OnvifDoorControllerSimTestBase {

    @Test
    void getServicesListsDoorAccessAndEventServicesButGetCapabilitiesHasNoDoorCategory() {
        Element services = await(soap.callPreAuth(URI.create(sim.deviceServiceUri()), OnvifNs.TDS + "/GetServices",
                "<tds:GetServices xmlns:tds=\"" + OnvifNs.TDS + "\"><tds:IncludeCapability>true</tds:IncludeCapability></tds:GetServices>",
                Instant.now().plusSeconds(10)));
        List<String> namespaces = children(services, OnvifNs.TDS, "Service").stream().map(s -> text(s, OnvifNs.TDS, "Namespace")).toList();
        assertThat(namespaces).containsExactly(OnvifNs.TDS, OnvifNs.TDC, OnvifNs.TAC, OnvifNs.TEV);
        Element doorService = children(services, OnvifNs.TDS, "Service").get(1);
        assertThat(text(doorService, OnvifNs.TDS, "XAddr")).isEqualTo(sim.xaddr("doorcontrol_service"));
        Element caps = children(children(doorService, OnvifNs.TDS, "Capabilities").get(0), OnvifNs.TDC, "Capabilities").get(0);
        assertThat(caps.getAttribute("MaxLimit")).isEqualTo("2");
        assertThat(childNames(doorService)).containsExactly("Namespace", "XAddr", "Capabilities", "Version");

        Element capabilities = await(soap.callPreAuth(URI.create(sim.deviceServiceUri()), OnvifNs.TDS + "/GetCapabilities",
                "<tds:GetCapabilities xmlns:tds=\"" + OnvifNs.TDS + "\"><tds:Category>All</tds:Category></tds:GetCapabilities>",
                Instant.now().plusSeconds(10)));
        Element all = children(capabilities, OnvifNs.TDS, "Capabilities").get(0);
        assertThat(childNames(all)).containsExactly("Device", "Events");
        Throwable media = awaitFailure(soap.callPreAuth(URI.create(sim.deviceServiceUri()), OnvifNs.TDS + "/GetCapabilities",
                "<tds:GetCapabilities xmlns:tds=\"" + OnvifNs.TDS + "\"><tds:Category>Media</tds:Category></tds:GetCapabilities>",
                Instant.now().plusSeconds(10)));
        assertThat(media.getMessage()).contains("NoSuchService");
    }

    @Test
    void clockOffsetIsVisibleInGetSystemDateAndTimeAndTheClientStillAuthenticates() {
        Duration before = await(soap.syncClock(Instant.now().plusSeconds(10)));
        assertThat(before.abs()).isLessThan(Duration.ofSeconds(3));
        sim.setClockOffset(Duration.ofMinutes(-7));
        Duration after = await(soap.syncClock(Instant.now().plusSeconds(10)));
        assertThat(after.plus(Duration.ofMinutes(7)).abs()).as("device clock 7 min behind: " + after).isLessThan(Duration.ofSeconds(3));
        // the client stamps its token on the device's clock, so authenticated calls keep working
        Element info = await(send("device_service", OnvifNs.TDS, "GetDeviceInformation", ""));
        assertThat(text(info, OnvifNs.TDS, "Model")).isEqualTo("Simulated door controller");
    }

    @Test
    void aReplyDelayMakesEveryAnswerLate() {
        await(send("doorcontrol_service", OnvifNs.TDC, "GetDoorState", token("Door_1")));
        sim.setReplyDelay(Duration.ofMillis(700));
        long t0 = System.nanoTime();
        await(send("doorcontrol_service", OnvifNs.TDC, "LockDoor", token("Door_1")));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
    }

    @Test
    void aWrongPasswordIsRefusedOnWsSecurityAndDigestAndTheDoorDoesNotMove() {
        soap = client("not-the-password");
        Throwable t = awaitFailure(send("doorcontrol_service", OnvifNs.TDC, "UnlockDoor", token("Door_1")));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        assertThat(sim.received("UnlockDoor")).isZero();
        assertThat(sim.strikeReleased("Door_1")).isFalse();
    }
}

package io.warden.sim.onvif.door;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.warden.adapter.api.DoorState.Mode;
import io.warden.adapter.onvif.soap.OnvifNs;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** Pull-point events of the door controller (onvif.md §5): Initialized burst, Changed, long poll, restart, access. */
class OnvifDoorControllerEventsTest extends OnvifDoorControllerSimTestBase {
    static final String DOORS_AND_ACCESS = "tns1:Door//.|tns1:AccessControl//.";

    record Msg(String topic, String op, Instant utcTime, Map<String, String> source, Map<String, String> data) {}

    @Test
    void aNewSubscriptionGetsOneInitializedMessagePerDoorAndPropertyThenChangedOnACommand() {
        URI sub = subscribe(DOORS_AND_ACCESS);
        List<Msg> burst = pull(sub, "PT5S", 100);
        assertThat(burst).hasSize(2 * 6).allMatch(m -> "Initialized".equals(m.op()));
        assertThat(burst.stream().filter(m -> m.source().get("DoorToken").equals("Door_1")).map(Msg::topic))
                .containsExactly("Door/State/DoorMode", "Door/State/DoorPhysicalState", "Door/State/LockPhysicalState", "Door/State/DoorAlarm",
                        "Door/State/DoorTamper", "Door/State/DoorFault");
        assertThat(burst.get(0).data()).containsEntry("State", "Locked");

        tdc("UnlockDoor", token("Door_2"));
        List<Msg> changed = pull(sub, "PT5S", 100);
        assertThat(changed).extracting(Msg::topic, Msg::op, m -> m.source().get("DoorToken"), m -> m.data().get("State"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Door/State/DoorMode", "Changed", "Door_2", "Unlocked"),
                        org.assertj.core.groups.Tuple.tuple("Door/State/LockPhysicalState", "Changed", "Door_2", "Unlocked"));
    }

    @Test
    void messagesCarryTheDeviceClock() {
        sim.setClockOffset(Duration.ofHours(-2));
        URI sub = subscribe(null);
        pull(sub, "PT5S", 100);
        tdc("LockDownDoor", token("Door_1"));
        Msg m = pull(sub, "PT5S", 100).get(0);
        assertThat(Duration.between(Instant.now().minus(Duration.ofHours(2)), m.utcTime()).abs()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aPullAnswersAsSoonAsAMessageArrivesAndEmptyOnlyAtItsTimeout() {
        URI sub = subscribe(DOORS_AND_ACCESS);
        pull(sub, "PT5S", 100);

        long t0 = System.nanoTime();
        assertThat(pull(sub, "PT1S", 100)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("never before the Timeout").isGreaterThanOrEqualTo(Duration.ofSeconds(1));

        t0 = System.nanoTime();
        Future<List<Msg>> waiting = pullAsync(sub, "PT10S", 100);
        sim.setContact("Door_1", true);
        List<Msg> got = await(waiting);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("answered early").isLessThan(Duration.ofSeconds(8));
        assertThat(got).extracting(Msg::topic).contains("Door/State/DoorPhysicalState");
    }

    @Test
    void aLockedDoorOpenedWithoutAccessIsForcedOpenUntilItCloses() {
        URI sub = subscribe("tns1:Door/State/DoorAlarm");
        assertThat(pull(sub, "PT5S", 100)).hasSize(2);
        sim.setContact("Door_1", true);
        assertThat(pull(sub, "PT5S", 100)).extracting(m -> m.data().get("State")).containsExactly("DoorForcedOpen");
        sim.setContact("Door_1", false);
        assertThat(pull(sub, "PT5S", 100)).extracting(m -> m.data().get("State")).containsExactly("Normal");

        sim.pressRequestToExit("Door_1");
        until(() -> sim.mode("Door_1") == Mode.ACCESSED, "REX accesses the door");
        sim.setContact("Door_1", true);
        sim.setContact("Door_1", false);
        assertThat(pull(sub, "PT1S", 100)).as("an accessed door opens without alarm").isEmpty();
    }

    @Test
    void aDoorOpenedThroughAnAccessThatStaysOpenPastItsOpenTimeIsOpenTooLong() {
        URI sub = subscribe("tns1:Door/State/DoorAlarm");
        pull(sub, "PT5S", 100);
        tdc("AccessDoor", token("Door_1") + "<x:AccessTime>PT5S</x:AccessTime><x:OpenTooLongTime>PT0.5S</x:OpenTooLongTime>");
        sim.setContact("Door_1", true);
        assertThat(pull(sub, "PT5S", 100)).extracting(m -> m.data().get("State")).containsExactly("DoorOpenTooLong");
        sim.setContact("Door_1", false);
        assertThat(pull(sub, "PT5S", 100)).extracting(m -> m.data().get("State")).containsExactly("Normal");
    }

    @Test
    void cardsAndRequestToExitAreAccessDecisionsAtTheDoorsAccessPoints() {
        URI sub = subscribe("tns1:AccessControl//.");
        assertThat(pull(sub, "PT1S", 100)).as("access topics are no properties: no burst").isEmpty();
        sim.presentCard("Door_1", "Cred_42", "J. Doe", true, null);
        sim.presentCard("Door_2", "Cred_77", null, false, "CredentialExpired");
        sim.pressRequestToExit("Door_2");
        List<Msg> got = pullUntil(sub, 3);
        assertThat(got.get(0).topic()).isEqualTo("AccessControl/AccessGranted/Credential");
        assertThat(got.get(0).source()).containsEntry("AccessPointToken", "Door_1-in");
        assertThat(got.get(0).data()).containsExactly(Map.entry("CredentialToken", "Cred_42"), Map.entry("CredentialHolderName", "J. Doe"));
        assertThat(got.get(0).op()).isNull();
        assertThat(got.get(1).topic()).isEqualTo("AccessControl/Denied/Credential");
        assertThat(got.get(1).data()).containsEntry("Reason", "CredentialExpired").containsEntry("CredentialToken", "Cred_77");
        assertThat(got.get(2).topic()).isEqualTo("AccessControl/AccessGranted/Anonymous");
        assertThat(got.get(2).source()).containsEntry("AccessPointToken", "Door_2-out");
        assertThat(sim.mode("Door_1")).as("a granted card accesses the door").isEqualTo(Mode.ACCESSED);

        tdc("LockDownDoor", token("Door_1"));
        sim.presentCard("Door_1", "Cred_42", "J. Doe", true, null);
        assertThat(pullUntil(sub, 1)).extracting(Msg::topic).containsExactly("AccessControl/AccessGranted/Credential");
        assertThat(sim.mode("Door_1")).as("locked down: no access").isEqualTo(Mode.LOCKED_DOWN);
    }

    @Test
    void afterARestartTheOldSubscriptionIsUnknownAndDoorsComeBackLockedButLockdownIsLatched() {
        URI sub = subscribe(DOORS_AND_ACCESS);
        pull(sub, "PT5S", 100);
        tdc("LockDownDoor", token("Door_1"));
        tdc("UnlockDoor", token("Door_2"));
        sim.restart();
        assertThat(sim.subscriptions()).isZero();
        assertUnknownAfterRestart(() -> pullAsync(sub, "PT1S", 10));
        assertUnknownAfterRestart(() -> send(sub, OnvifNs.WSNT, "Renew", "<x:TerminationTime>PT60S</x:TerminationTime>"));
        assertThat(sim.mode("Door_1")).isEqualTo(Mode.LOCKED_DOWN);
        assertThat(sim.mode("Door_2")).isEqualTo(Mode.LOCKED);
        List<Msg> burst = pull(subscribe(DOORS_AND_ACCESS), "PT5S", 100);
        assertThat(burst).filteredOn(m -> m.topic().equals("Door/State/DoorMode")).extracting(m -> m.data().get("State"))
                .containsExactly("LockedDown", "Locked");
    }

    @Test
    void aPullWaitingDuringARestartIsNotAnsweredWithMessages() {
        URI sub = subscribe(DOORS_AND_ACCESS);
        pull(sub, "PT5S", 100);
        Future<List<Msg>> waiting = pullAsync(sub, "PT10S", 100);
        until(() -> sim.received("PullMessages") == 2, "the pull reached the device");
        sim.restart();
        // a rebooting device answers nothing: the connection drops under the pull, no fault comes back
        assertThat(io.warden.adapter.api.WardenException.codeOf(awaitFailure(waiting)))
                .isEqualTo(io.warden.adapter.api.ErrorCode.CONNECTION_CLOSED);
    }

    @Test
    void renewExtendsAndUnsubscribeEndsTheSubscription() {
        URI sub = subscribe(null);
        Element renewed = await(send(sub, OnvifNs.WSNT, "Renew", "<x:TerminationTime>PT120S</x:TerminationTime>"));
        Instant termination = Instant.parse(text(renewed, OnvifNs.WSNT, "TerminationTime"));
        Instant current = Instant.parse(text(renewed, OnvifNs.WSNT, "CurrentTime"));
        assertThat(Duration.between(current, termination)).isEqualTo(Duration.ofSeconds(120));
        await(send(sub, OnvifNs.WSNT, "Unsubscribe", ""));
        assertThat(awaitFailure(pullAsync(sub, "PT1S", 10)).getMessage()).contains("ResourceUnknownFault");
    }

    @Test
    void aSilentDeviceLeavesRequestsHangingUntilItAnswersAgain() {
        tdc("GetDoorState", token("Door_1"));
        sim.setAnswering(false);
        Throwable t = awaitFailure(soap.call(URI.create(sim.xaddr("doorcontrol_service")), OnvifNs.TDC + "/GetDoorState",
                "<x:GetDoorState xmlns:x=\"" + OnvifNs.TDC + "\">" + token("Door_1") + "</x:GetDoorState>", Instant.now().plusMillis(800)));
        assertThat(io.warden.adapter.api.WardenException.codeOf(t)).isEqualTo(io.warden.adapter.api.ErrorCode.DEVICE_TIMEOUT);
        until(() -> sim.heldRequests() == 0, "the client gave up: its request is no longer held");
        Future<Element> later = send("doorcontrol_service", OnvifNs.TDC, "UnlockDoor", token("Door_1"));
        until(() -> sim.heldRequests() == 1, "the unlock is held");
        assertThat(sim.mode("Door_1")).as("nothing executed while silent").isEqualTo(Mode.LOCKED);
        sim.setAnswering(true);
        await(later);
        assertThat(sim.mode("Door_1")).isEqualTo(Mode.UNLOCKED);
        assertThat(sim.received("GetDoorState")).as("the abandoned request was dropped").isEqualTo(1);
    }

    // ---- helpers ----

    /**
     * Every attempt fails; a kept-alive connection the reboot dropped may fail first as closed (the client learns it
     * only when it uses it), then the device answers ResourceUnknownFault.
     */
    static void assertUnknownAfterRestart(java.util.function.Supplier<Future<?>> call) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Throwable t = awaitFailure(call.get());
            seen.add(t.getMessage());
            if (t.getMessage().contains("ResourceUnknownFault")) return;
            assertThat(io.warden.adapter.api.WardenException.codeOf(t)).as(t.getMessage()).isEqualTo(io.warden.adapter.api.ErrorCode.CONNECTION_CLOSED);
        }
        throw new AssertionError("never ResourceUnknownFault: " + seen);
    }

    URI subscribe(String filter) {
        String f = filter == null ? "" : "<x:Filter><wsnt:TopicExpression xmlns:wsnt=\"" + OnvifNs.WSNT + "\" xmlns:tns1=\"" + OnvifNs.TNS1
                + "\" Dialect=\"http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet\">" + filter + "</wsnt:TopicExpression></x:Filter>";
        Element r = await(send("event_service", OnvifNs.TEV, "CreatePullPointSubscription", f + "<x:InitialTerminationTime>PT60S</x:InitialTerminationTime>"));
        Element ref = children(r, OnvifNs.TEV, "SubscriptionReference").get(0);
        return URI.create(text(ref, OnvifNs.WSA, "Address"));
    }

    List<Msg> pull(URI sub, String timeout, int limit) {
        return await(pullAsync(sub, timeout, limit));
    }

    /** Pulls until {@code n} messages came (access events may land in separate pulls). */
    List<Msg> pullUntil(URI sub, int n) {
        List<Msg> got = new ArrayList<>();
        for (int i = 0; i < 10 && got.size() < n; i++) got.addAll(pull(sub, "PT5S", 100));
        assertThat(got).hasSize(n);
        return got;
    }

    Future<List<Msg>> pullAsync(URI sub, String timeout, int limit) {
        return send(sub, OnvifNs.TEV, "PullMessages", "<x:Timeout>" + timeout + "</x:Timeout><x:MessageLimit>" + limit + "</x:MessageLimit>")
                .map(OnvifDoorControllerEventsTest::messages);
    }

    static List<Msg> messages(Element response) {
        List<Msg> out = new ArrayList<>();
        for (Element n : children(response, OnvifNs.WSNT, "NotificationMessage")) {
            Element topic = children(n, OnvifNs.WSNT, "Topic").get(0);
            String t = topic.getTextContent().strip();
            String prefix = t.substring(0, t.indexOf(':'));
            assertThat(topic.lookupNamespaceURI(prefix)).isEqualTo(OnvifNs.TNS1);
            Element m = children(children(n, OnvifNs.WSNT, "Message").get(0), OnvifNs.TT, "Message").get(0);
            String op = m.hasAttribute("PropertyOperation") ? m.getAttribute("PropertyOperation") : null;
            out.add(new Msg(t.substring(prefix.length() + 1), op, Instant.parse(m.getAttribute("UtcTime")),
                    items(children(m, OnvifNs.TT, "Source").get(0)), items(children(m, OnvifNs.TT, "Data").get(0))));
        }
        return out;
    }

    static Map<String, String> items(Element parent) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element i : children(parent, OnvifNs.TT, "SimpleItem")) out.put(i.getAttribute("Name"), i.getAttribute("Value"));
        return out;
    }
}

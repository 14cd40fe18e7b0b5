package io.warden.gateway.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static io.warden.gateway.e2e.OnvifControllerSite.CTL;
import static io.warden.gateway.e2e.OnvifControllerSite.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.warden.gateway.api.SseTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A controller that restarts while its events stream to the gateway: the subscription comes back, a
 * change made at the device while nobody was subscribed is recorded once, and the audit trail (and the
 * event stream that follows it) holds every event the device reported exactly once, each with the
 * device's time. A restarted device forgets what it had not handed out yet (as real ones do): those
 * may be missing, never doubled.
 */
@Timeout(300)
class OnvifControllerEventsE2ETest {
    /** The types the controller's events become on the trail. */
    private static final Set<String> DEVICE_TYPES = Set.of("access.granted", "access.denied", "door.opened", "door.closed",
            "door.forced", "door.mode", "door.lock", "device.offline", "device.online");
    private static final Pattern DEVICE_TIME = Pattern.compile("(?:^|; )device time (\\S+)$");

    /** One card presented at the controller, and what it decided. */
    private record Card(String token, String door, boolean granted) {
        String holder() {
            return "Holder " + token;
        }

        String type() {
            return granted ? "access.granted" : "access.denied";
        }
    }

    private OnvifControllerSite site;

    @AfterEach
    void close() {
        if (site != null) site.close();
    }

    @Test
    void aControllerRestartedMidStreamIsSubscribedAgainAndTheTrailHoldsEveryEventOnce() throws Exception {
        site = OnvifControllerSite.start(OnvifControllerSite.Options.plain());
        SseTestClient stream = site.follow();
        List<Card> mustArrive = new ArrayList<>();
        List<Card> presented = new CopyOnWriteArrayList<>();

        // 1. Subscribed: cards at both doors, granted and denied; art-room opened (forced) and closed.
        for (int i = 1; i <= 6; i++) mustArrive.add(present("a" + i, i, presented));
        site.sim.setContact("Door_2", true);
        site.sim.setContact("Door_2", false);
        onTrail(mustArrive);
        until(() -> count("door.closed", "art-room") == 1, "art-room closed on the trail", DEADLINE);

        // 2. The controller restarts; before the gateway can subscribe again (the proxy refuses it) another
        //    client unlocks art-room and east-entrance is opened: nobody is told, the device only knows.
        site.gate.refuseEvents(true);
        int refused = site.gate.refused();
        site.sim.restart();
        until(() -> site.gate.refused() > refused, "the gateway trying to subscribe again", DEADLINE);
        assertThat(site.sim.subscriptions()).isZero();
        await(site.direct().unlock("Door_2", Instant.now().plusSeconds(10)), DEADLINE);
        site.sim.setContact("Door_1", true);
        site.gate.refuseEvents(false);
        until(() -> site.sim.subscriptions() > 0, "the gateway subscribed again", DEADLINE);
        until(() -> modes("art-room").contains("unlocked") && count("door.opened", "east-entrance") == 1,
                "the changes made while unsubscribed on the trail", DEADLINE);

        // 3. Subscribed again: more cards; east-entrance closes.
        for (int i = 1; i <= 6; i++) mustArrive.add(present("b" + i, i, presented));
        site.sim.setContact("Door_1", false);
        onTrail(mustArrive);
        until(() -> count("door.closed", "east-entrance") == 1, "east-entrance closed on the trail", DEADLINE);

        // 4. The controller restarts while cards are being presented. What was on the trail before, and
        //    every card presented once a new subscription is in place, must arrive; the ones in between
        //    may be lost with the device's memory, and nothing may arrive twice.
        AtomicReference<Throwable> failed = new AtomicReference<>();
        List<Card> afterResubscribe = new CopyOnWriteArrayList<>();
        AtomicBoolean restarted = new AtomicBoolean();
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = new Thread(() -> {
            try {
                for (int i = 1; producing.get(); i++) {
                    // a subscription seen after the restart lives on: what is presented now reaches it
                    boolean subscribed = restarted.get() && site.sim.subscriptions() > 0;
                    Card c = present("c" + i, i, presented);
                    if (subscribed) afterResubscribe.add(c);
                    Thread.sleep(40);
                }
            } catch (Throwable t) {
                failed.set(t);
            }
        }, "card-reader");
        producer.start();
        until(() -> onTrailNow().keySet().containsAll(List.of("c1", "c2", "c3", "c4", "c5")), "the first cards on the trail", DEADLINE);
        site.sim.restart();
        restarted.set(true);
        Set<String> beforeRestart = onTrailNow().keySet().stream().filter(t -> t.startsWith("c")).collect(Collectors.toSet());
        until(() -> afterResubscribe.size() >= 10 || failed.get() != null, "cards presented after the gateway subscribed again", DEADLINE);
        producing.set(false);
        producer.join(DEADLINE.toMillis());
        assertThat(failed.get()).as("the card reader").isNull();
        presented.stream().filter(c -> beforeRestart.contains(c.token())).forEach(mustArrive::add);
        mustArrive.addAll(afterResubscribe);
        onTrail(mustArrive);

        // Every card the device reported is on the trail once, as decided, with the device's time.
        Map<String, List<JsonObject>> byToken = onTrailNow();
        for (Card c : presented) {
            assertThat(byToken.getOrDefault(c.token(), List.of())).as("records of card " + c.token()).hasSizeLessThanOrEqualTo(1);
        }
        for (Card c : mustArrive) {
            assertThat(byToken.get(c.token())).as("records of card " + c.token()).singleElement().satisfies(r -> {
                assertThat(r.getString("type")).isEqualTo(c.type());
                assertThat(r.getString("door")).isEqualTo(c.door());
                assertThat(r.getString("actor")).isEqualTo(CTL);
                assertThat(r.getString("detail")).contains("holder " + c.holder());
                if (!c.granted()) assertThat(r.getString("detail")).startsWith("denied by the controller: CredentialExpired");
                assertDeviceTime(r);
            });
        }
        // Contact changes: once each; those that came as events carry the device's time.
        for (String type : List.of("door.opened", "door.closed")) {
            assertThat(count(type, "art-room")).as(type + " at art-room").isEqualTo(1);
            assertThat(count(type, "east-entrance")).as(type + " at east-entrance").isEqualTo(1);
        }
        assertDeviceTime(site.audit("type=door.opened&door=art-room").get(0));
        assertDeviceTime(site.audit("type=door.closed&door=art-room").get(0));
        assertDeviceTime(site.audit("type=door.closed&door=east-entrance").get(0));
        // The unlock made while unsubscribed: once. No mode or lock is reported twice in a row at any door.
        assertThat(modes("art-room")).filteredOn("unlocked"::equals).hasSize(1);
        for (String door : OnvifControllerSite.ONVIF_DOORS.keySet()) {
            assertNoRepeats("modes of " + door, modes(door));
            assertNoRepeats("locks of " + door, site.audit("type=door.lock&door=" + door).stream()
                    .map(r -> beforeDeviceTime(r.getString("detail"))).toList());
        }

        // The event stream, followed all along, shows the same records as the trail.
        // (one read of the whole trail: records keep coming, e.g. a door relocking when its access ends)
        Map<Long, JsonObject> trail = OnvifControllerSite.bySeq(site.audit("").stream()
                .filter(r -> DEVICE_TYPES.contains(r.getString("type"))).toList());
        long newest = trail.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        until(() -> stream.ids().contains(newest), "the event stream to catch up", DEADLINE);
        assertThat(OnvifControllerSite.bySeq(stream, d -> DEVICE_TYPES.contains(d.getString("type")) && d.getLong("seq") <= newest))
                .isEqualTo(trail);
    }

    @Test
    void aRestartedGatewaySubscribesAfreshAndRecordsNothingTwice() throws Exception {
        site = OnvifControllerSite.start(OnvifControllerSite.Options.plain());
        List<Card> cards = new ArrayList<>();
        for (int i = 1; i <= 3; i++) present("g" + i, i, cards);
        site.sim.setContact("Door_2", true);
        site.sim.setContact("Door_2", false);
        onTrail(cards);
        until(() -> count("door.closed", "art-room") == 1, "art-room closed on the trail", DEADLINE);

        site.restartGateway();
        // the new node's subscription started with the device's Initialized burst, handled before its second pull
        assertThat(site.sim.subscriptions()).as("the old node unsubscribed").isEqualTo(1);

        Map<String, List<JsonObject>> byToken = onTrailNow();
        for (Card c : cards) assertThat(byToken.get(c.token())).as("records of card " + c.token()).hasSize(1);
        assertThat(count("door.opened", "art-room")).isEqualTo(1);
        assertThat(count("door.closed", "art-room")).isEqualTo(1);

        // and it hears the device as the old one did
        present("g4", 4, cards);
        onTrail(cards);
    }

    /** A card at door {@code Door_1} (odd i) or {@code Door_2}; every third one denied (CredentialExpired). */
    private Card present(String token, int i, Collection<Card> presented) {
        String doorToken = i % 2 == 1 ? "Door_1" : "Door_2";
        Card c = new Card(token, i % 2 == 1 ? "east-entrance" : "art-room", i % 3 != 0);
        site.sim.presentCard(doorToken, token, c.holder(), c.granted(), c.granted() ? null : "CredentialExpired");
        presented.add(c);
        return c;
    }

    /** Waits until every card's decision is on the trail. */
    private void onTrail(List<Card> cards) {
        until(() -> onTrailNow().keySet().containsAll(cards.stream().map(Card::token).toList()), cards.size() + " cards on the trail", DEADLINE);
    }

    /** The access records on the trail by credential token. */
    private Map<String, List<JsonObject>> onTrailNow() {
        Map<String, List<JsonObject>> m = new HashMap<>();
        for (String type : List.of("access.granted", "access.denied")) {
            for (JsonObject r : site.audit("type=" + type)) {
                String credential = r.getString("credential");
                assertThat(credential).as(r.encode()).startsWith("token:");
                m.computeIfAbsent(credential.substring("token:".length()), k -> new ArrayList<>()).add(r);
            }
        }
        return m;
    }

    private int count(String type, String door) {
        return site.audit("type=" + type + "&door=" + door).size();
    }

    /** The door's modes on the trail, in order ("unlocked", "accessed", ...). */
    private List<String> modes(String door) {
        return site.audit("type=door.mode&door=" + door).stream().map(r -> {
            String d = beforeDeviceTime(r.getString("detail"));
            assertThat(d).startsWith("mode ");
            return d.substring("mode ".length());
        }).toList();
    }

    /** The detail without its {@code ; device time ...} (a state read from the device has none). */
    private static String beforeDeviceTime(String detail) {
        int end = detail.indexOf("; device time ");
        return end < 0 ? detail : detail.substring(0, end);
    }

    private static void assertNoRepeats(String what, List<String> values) {
        for (int i = 1; i < values.size(); i++) {
            assertThat(values.get(i)).as(what + " " + values + " at " + i).isNotEqualTo(values.get(i - 1));
        }
    }

    /** The record ends with the device's time, close to the gateway's (this controller's clock is right). */
    private static void assertDeviceTime(JsonObject r) {
        Matcher m = DEVICE_TIME.matcher(r.getString("detail"));
        assertThat(m.find()).as("device time in " + r.encode()).isTrue();
        Duration apart = Duration.between(Instant.parse(m.group(1)), Instant.parse(r.getString("time"))).abs();
        assertThat(apart).as(r.encode()).isLessThan(Duration.ofSeconds(30));
    }
}

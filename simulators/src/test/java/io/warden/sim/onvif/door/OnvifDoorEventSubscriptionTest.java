package io.warden.sim.onvif.door;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.warden.adapter.onvif.events.OnvifEventSubscription;
import io.warden.adapter.onvif.events.OnvifNotification;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The subscription loop against the door-controller simulator over real HTTP, through a reboot. */
class OnvifDoorEventSubscriptionTest extends OnvifDoorControllerSimTestBase {
    static final OnvifEventSubscription.Options SHORT = new OnvifEventSubscription.Options("tns1:Door//.|tns1:AccessControl//.",
            Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1));

    final List<OnvifNotification> messages = new CopyOnWriteArrayList<>();
    final List<Boolean> subscribed = new CopyOnWriteArrayList<>();
    final List<String> lost = new CopyOnWriteArrayList<>();

    List<String> denied() {
        return messages.stream().filter(m -> m.under("AccessControl/Denied")).map(m -> m.data().get("CredentialToken")).toList();
    }

    /** A subscription to the simulator's events recording into messages, subscribed and lost; {@code resubscribed} runs on each later subscribe. */
    private OnvifEventSubscription subscription(OnvifEventSubscription.Options options, Runnable resubscribed) {
        return new OnvifEventSubscription(vertx, soap, d -> Future.succeededFuture(URI.create(sim.xaddr("event_service"))), options,
                new OnvifEventSubscription.Listener() {
                    @Override
                    public void messages(List<OnvifNotification> m) {
                        messages.addAll(m);
                    }

                    @Override
                    public void subscribed(boolean first) {
                        subscribed.add(first);
                        if (!first) resubscribed.run();
                    }

                    @Override
                    public void lost(String reason) {
                        lost.add(reason);
                    }
                });
    }

    @Test
    void aRestartMidStreamIsResubscribedAndEveryEventArrivesOnce() {
        OnvifEventSubscription sub = subscription(SHORT, () -> {});
        vertx.getOrCreateContext().runOnContext(v -> sub.start());
        try {
            until(() -> subscribed.size() == 1, "subscribed");
            until(() -> messages.stream().anyMatch(m -> m.topic().equals("Door/State/DoorMode") && "Initialized".equals(m.operation())),
                    "the Initialized burst");
            for (int i = 1; i <= 5; i++) sim.presentCard("Door_1", "Cred_" + i, null, false, "CredentialExpired");
            until(() -> denied().size() == 5, "five denials");
            // let a renew or two happen on the live subscription before the reboot
            until(() -> sim.received("Renew") >= 1, "a renew");

            sim.restart();
            until(() -> subscribed.size() == 2, "re-subscribed after the restart");
            for (int i = 6; i <= 10; i++) sim.presentCard("Door_2", "Cred_" + i, null, false, "CredentialExpired");
            until(() -> denied().size() >= 10, "ten denials");

            assertThat(subscribed).containsExactly(true, false);
            assertThat(denied()).containsExactly("Cred_1", "Cred_2", "Cred_3", "Cred_4", "Cred_5", "Cred_6", "Cred_7", "Cred_8", "Cred_9",
                    "Cred_10");
            assertThat(messages.stream().filter(m -> m.under("Door/State/DoorMode") && "Initialized".equals(m.operation())))
                    .as("one Initialized burst per subscription, each door once").hasSize(4);
            assertThat(lost).isEmpty();
            assertThat(sim.subscriptions()).isEqualTo(1);
        } finally {
            await(sub.stop(Instant.now().plusSeconds(2)));
        }
        until(() -> sim.subscriptions() == 0, "unsubscribed");
    }

    @Test
    void restartsDuringAPullADelayedCreateOrBackToBackAreRecoveredAndTheStateTheyChangedIsReRead() {
        // lost only after 10 s: these gaps are short, none of them may be reported as lost
        OnvifEventSubscription.Options options = new OnvifEventSubscription.Options(SHORT.topics(), SHORT.termination(),
                SHORT.pullTimeout(), SHORT.retryBase(), SHORT.retryMax(), Duration.ofSeconds(10));
        List<String> reread = new CopyOnWriteArrayList<>();
        OnvifEventSubscription sub = subscription(options, () ->
                // the owner's re-read after a re-subscribe (never blocking the loop)
                send("doorcontrol_service", io.warden.adapter.onvif.soap.OnvifNs.TDC, "GetDoorState", token("Door_2"))
                        .onComplete(ar -> reread.add(ar.succeeded()
                                ? text(children(ar.result(), io.warden.adapter.onvif.soap.OnvifNs.TDC, "DoorState").get(0),
                                        io.warden.adapter.onvif.soap.OnvifNs.TDC, "DoorMode")
                                : "failed: " + ar.cause().getMessage())));
        vertx.getOrCreateContext().runOnContext(v -> sub.start());
        try {
            until(() -> subscribed.size() == 1 && !messages.isEmpty(), "subscribed with the Initialized burst");

            // 1. while a pull waits; Door_2 was unlocked and the reboot locks it without an event
            tdc("UnlockDoor", token("Door_2"));
            until(() -> door2Modes().contains("Changed:Unlocked"), "Door_2 unlocked");
            sim.restart();
            until(() -> reread.size() == 1, "re-subscribed and re-read");

            // 2. again, and once more while the re-subscribe's Create waits for its (late) answer
            tdc("UnlockDoor", token("Door_2"));
            until(() -> door2Modes().stream().filter("Changed:Unlocked"::equals).count() == 2, "Door_2 unlocked again");
            sim.setReplyDelay(Duration.ofMillis(300));
            int creates = sim.received("CreatePullPointSubscription");
            sim.restart();
            until(() -> sim.received("CreatePullPointSubscription") > creates, "a Create in flight");
            sim.restart();
            sim.setReplyDelay(Duration.ZERO);
            until(() -> reread.size() == 2, "re-subscribed and re-read after the restart during Create");

            // 3. two reboots back to back
            sim.restart();
            sim.restart();
            until(() -> reread.size() == 3, "re-subscribed and re-read after two restarts");

            assertThat(subscribed).containsExactly(true, false, false, false);
            assertThat(reread).as("the re-read sees what the reboots did").containsExactly("Locked", "Locked", "Locked");
            assertThat(door2Modes()).as("each new subscription's Initialized burst shows it too")
                    .endsWith("Initialized:Locked").containsSubsequence("Changed:Unlocked", "Initialized:Locked", "Changed:Unlocked",
                            "Initialized:Locked");
            assertThat(lost).isEmpty();
            until(() -> sim.subscriptions() == 1, "one live subscription at the device");
        } finally {
            await(sub.stop(Instant.now().plusSeconds(2)));
        }
    }

    private List<String> door2Modes() {
        return messages.stream().filter(m -> m.topic().equals("Door/State/DoorMode") && "Door_2".equals(m.source().get("DoorToken")))
                .map(m -> m.operation() + ":" + m.data().get("State")).toList();
    }
}

package io.warden.adapter.onvif;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.onvif.OnvifDoorEvents.Field;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which word on a door-state field is the newest: messages in the device's order and time, replies without a time. */
class OnvifDoorOrderTest {
    private static final Instant T0 = Instant.parse("2026-12-02T01:00:00Z");
    private final OnvifDoorOrder order = new OnvifDoorOrder();

    @Test
    void aMessageStampedNoEarlierThanTheOneThatSetTheFieldIsNewer() {
        order.message(Field.MODE, T0);
        assertThat(order.newer(Field.MODE, T0)).isTrue();
        assertThat(order.newer(Field.MODE, T0.plusMillis(1))).isTrue();
        assertThat(order.newer(Field.MODE, T0.minusMillis(1))).as("stamped before what set it").isFalse();
        assertThat(order.newer(Field.CONTACT, T0.minusSeconds(60))).as("another field is its own").isTrue();
        order.message(Field.MODE, T0.minusSeconds(5)); // an older one that was applied (the device agreed) does not move the mark back
        assertThat(order.newer(Field.MODE, T0.minusMillis(1))).isFalse();
    }

    @Test
    void aFieldAReplyChangedMayBeNewerThanAnyMessageUntilAMessageSetsItAgain() {
        order.message(Field.MODE, T0);
        order.read(Field.MODE);
        assertThat(order.newer(Field.MODE, T0.plusSeconds(60))).as("the reply has no time: the device must say").isFalse();
        assertThat(order.newer(Field.LOCK, T0)).isTrue();
        order.message(Field.MODE, T0.plusSeconds(1));
        assertThat(order.newer(Field.MODE, T0.plusSeconds(1))).isTrue();
    }

    @Test
    void aReplyDoesNotOverwriteAFieldAMessageSetWhileItWasOnItsWay() {
        long sent = order.mark();
        order.message(Field.CONTACT, T0);
        assertThat(order.readMay(Field.CONTACT, sent)).isFalse();
        assertThat(order.readMay(Field.MODE, sent)).isTrue();
        assertThat(order.readMay(Field.CONTACT, order.mark())).as("a read sent after it").isTrue();
    }

    @Test
    void unstampedMessagesFollowArrival() {
        order.message(Field.ALARM, T0);
        assertThat(order.newer(Field.ALARM, null)).isTrue();
        order.message(Field.ALARM, null);
        assertThat(order.newer(Field.ALARM, T0.minusSeconds(1))).as("the mark stays with the last stamped one").isFalse();
    }
}

package io.warden.gateway.integrations.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    // Expected values computed independently with Python's hmac module (the README's verification snippet).
    @Test
    void headerIsTimestampAndHexHmacOverTimestampDotBody() {
        var s = new WebhookSignature("s3cr3t");
        assertThat(s.header(1_700_000_000L, "{\"seq\":1}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("t=1700000000,v1=eb1789937b566d3ef4ce0426c6ac629bd867024b4e2e08707e37875ef342dd8c");
    }

    @Test
    void secretAndBodyAreTakenAsUtf8() {
        var s = new WebhookSignature("clé-ü");
        assertThat(s.hex(1_700_000_000L, "{\"detail\":\"Tür\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("58a48bce8cddb190accd43addc7f299f3851b1789783a4862d97d52cd733ef34");
    }

    @Test
    void anotherTimestampOrBodyGivesAnotherSignature() {
        var s = new WebhookSignature("s3cr3t");
        byte[] body = "{\"seq\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(s.hex(1_700_000_001L, body)).isNotEqualTo(s.hex(1_700_000_000L, body));
        assertThat(s.hex(1_700_000_000L, "{\"seq\":2}".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(s.hex(1_700_000_000L, body));
    }

    @Test
    void neverShowsTheSecretAndRefusesAnEmptyOne() {
        assertThat(new WebhookSignature("s3cr3t").toString()).doesNotContain("s3cr3t");
        assertThatThrownBy(() -> new WebhookSignature("")).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.warden.gateway.integrations.webhook;

import static io.warden.gateway.integrations.webhook.WebhookRetry.Verdict.DELIVERED;
import static io.warden.gateway.integrations.webhook.WebhookRetry.Verdict.PERMANENT;
import static io.warden.gateway.integrations.webhook.WebhookRetry.Verdict.RETRY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class WebhookRetryTest {
    @Test
    void statusVerdicts() {
        assertThat(WebhookRetry.verdict(200)).isEqualTo(DELIVERED);
        assertThat(WebhookRetry.verdict(204)).isEqualTo(DELIVERED);
        for (int s : new int[] {408, 429, 500, 502, 503, 504}) assertThat(WebhookRetry.verdict(s)).as("HTTP %d", s).isEqualTo(RETRY);
        for (int s : new int[] {301, 302, 400, 401, 403, 404, 410, 413, 422}) assertThat(WebhookRetry.verdict(s)).as("HTTP %d", s).isEqualTo(PERMANENT);
    }

    @Test
    void backOffDoublesWithJitterInTheUpperHalfAndIsCapped() {
        long hour = 3_600_000;
        assertThat(WebhookRetry.nextDelay(1, null, hour, () -> 0.0)).hasValue(250);
        assertThat(WebhookRetry.nextDelay(1, null, hour, () -> 0.999)).hasValue(499);
        assertThat(WebhookRetry.nextDelay(3, null, hour, () -> 0.0)).hasValue(1000);
        assertThat(WebhookRetry.nextDelay(40, null, hour, () -> 0.0)).hasValue(WebhookRetry.MAX.toMillis() / 2);
        assertThat(WebhookRetry.nextDelay(40, null, hour, () -> 0.999).getAsLong()).isLessThanOrEqualTo(WebhookRetry.MAX.toMillis());
    }

    @Test
    void theLastAttemptIsMadeWhenTheWindowEndsThenNoMore() {
        assertThat(WebhookRetry.nextDelay(12, null, 700, () -> 0.5)).hasValue(700);
        assertThat(WebhookRetry.nextDelay(12, null, 0, () -> 0.5)).isEqualTo(OptionalLong.empty());
    }

    @Test
    void retryAfterWinsWithinTheWindowAndGivesUpBeyondIt() {
        assertThat(WebhookRetry.nextDelay(1, 3000L, 10_000, () -> 0.0)).hasValue(3000);
        assertThat(WebhookRetry.nextDelay(1, 0L, 10_000, () -> 0.0)).hasValue(WebhookRetry.FIRST_MILLIS); // never a hot loop
        assertThat(WebhookRetry.nextDelay(1, 20_000L, 10_000, () -> 0.0)).isEmpty();
    }

    @Test
    void retryAfterParsesSecondsAndHttpDatesAndIgnoresTheRest() {
        Instant now = Instant.parse("2025-01-02T03:04:05Z");
        assertThat(WebhookRetry.retryAfterMillis("120", now)).isEqualTo(120_000L);
        assertThat(WebhookRetry.retryAfterMillis(" 7 ", now)).isEqualTo(7_000L);
        assertThat(WebhookRetry.retryAfterMillis("Thu, 02 Jan 2025 03:05:05 GMT", now)).isEqualTo(60_000L);
        assertThat(WebhookRetry.retryAfterMillis("Thu, 02 Jan 2025 03:00:00 GMT", now)).isZero(); // in the past
        assertThat(WebhookRetry.retryAfterMillis("99999999999999999999", now)).isGreaterThan(1_000_000_000_000L);
        assertThat(WebhookRetry.retryAfterMillis("soon", now)).isNull();
        assertThat(WebhookRetry.retryAfterMillis("-5", now)).isNull();
        assertThat(WebhookRetry.retryAfterMillis(null, now)).isNull();
    }
}

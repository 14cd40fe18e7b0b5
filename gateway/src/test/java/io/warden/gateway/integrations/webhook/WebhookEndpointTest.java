package io.warden.gateway.integrations.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookEndpointTest {
    @Test
    void displayKeepsNoUserInfoQueryOrFragment() {
        var e = WebhookEndpoint.parse("https://alice:pa%40ss@hooks.example.org/in/warden?token=T0KEN#frag");
        assertThat(e.display()).isEqualTo("https://hooks.example.org:443/in/warden");
        assertThat(e.toString()).doesNotContain("alice", "pa", "T0KEN");
        assertThat(e.target().toString()).isEqualTo("https://hooks.example.org:443/in/warden?token=T0KEN");
        assertThat(e.tls()).isTrue();
        assertThat(new String(Base64.getDecoder().decode(e.authorization().substring("Basic ".length())), StandardCharsets.UTF_8))
                .isEqualTo("alice:pa@ss");
    }

    @Test
    void defaultsPortAndPath() {
        var e = WebhookEndpoint.parse("http://127.0.0.1");
        assertThat(e.target().toString()).isEqualTo("http://127.0.0.1:80/");
        assertThat(e.authorization()).isNull();
        assertThat(WebhookEndpoint.parse("http://[::1]:8080/x").display()).isEqualTo("http://[::1]:8080/x");
    }

    @Test
    void badUrlsAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> WebhookEndpoint.parse("ftp://h/x?token=T0KEN")).hasMessage("url must be http or https");
        assertThatThrownBy(() -> WebhookEndpoint.parse("https:///x")).hasMessage("url has no host");
        assertThatThrownBy(() -> WebhookEndpoint.parse("http://h/a b?token=T0KEN")).hasMessageStartingWith("url is not a valid URI")
                .hasMessageNotContaining("T0KEN");
        assertThatThrownBy(() -> WebhookEndpoint.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.warden.sim.onvif;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The snapshot URI behind HTTP Digest (MD5, qop=auth), as curl --digest would fetch it. */
class OnvifSimSnapshotTest extends OnvifSimTestBase {
    static final String PATH = "/snapshot/Profile_1.jpg";

    @Test
    void digestFetchesTheJpeg() throws Exception {
        OnvifSimTestClient.Reply challenge = client.get(PATH, Map.of());
        assertThat(challenge.status()).isEqualTo(401);
        String www = challenge.header("WWW-Authenticate");
        assertThat(www).startsWith("Digest ").contains("qop=\"auth\"").contains("algorithm=MD5");
        OnvifSimTestClient.Reply ok = client.get(PATH, Map.of("Authorization",
                OnvifSimTestClient.digestAuthorization(www, USER, PASSWORD, "GET", PATH, 1)));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("Content-Type")).isEqualTo("image/jpeg");
        try (InputStream in = OnvifCameraSimulator.class.getResourceAsStream("snapshot.jpg")) {
            assertThat(ok.raw()).isEqualTo(in.readAllBytes());
        }
        assertThat(ok.raw()[0] & 0xFF).isEqualTo(0xFF);
        assertThat(ok.raw()[1] & 0xFF).isEqualTo(0xD8);
        // The next request on the same nonce needs a higher nc.
        assertThat(client.get(PATH, Map.of("Authorization", OnvifSimTestClient.digestAuthorization(www, USER, PASSWORD, "GET", PATH, 2))).status())
                .isEqualTo(200);
    }

    @Test
    void wrongPasswordBasicAndOtherUriAreRefused() throws Exception {
        String www = client.get(PATH, Map.of()).header("WWW-Authenticate");
        assertThat(client.get(PATH, Map.of("Authorization", OnvifSimTestClient.digestAuthorization(www, USER, "wrong", "GET", PATH, 1))).status())
                .isEqualTo(401);
        String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes());
        OnvifSimTestClient.Reply refused = client.get(PATH, Map.of("Authorization", basic));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Digest ");
        String forOther = OnvifSimTestClient.digestAuthorization(www, USER, PASSWORD, "GET", "/snapshot/Profile_9.jpg", 1);
        assertThat(client.get(PATH, Map.of("Authorization", forOther)).status()).as("uri must match the request").isEqualTo(401);
        String unknownProfile = OnvifSimTestClient.digestAuthorization(www, USER, PASSWORD, "GET", "/snapshot/Profile_9.jpg", 2);
        assertThat(client.get("/snapshot/Profile_9.jpg", Map.of("Authorization", unknownProfile)).status()).isEqualTo(404);
    }
}

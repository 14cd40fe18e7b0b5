package io.warden.adapter.onvif.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The digest vectors of onvif.md §1.2 and RFC 2617/7616 digest answers, byte-exact. */
class OnvifAuthVectorsTest {

    @Test
    void capturedUsernameTokenVector() {
        byte[] nonce = Base64.getDecoder().decode("Nzg1MDE2OTYz");
        assertThat(new String(nonce, StandardCharsets.US_ASCII)).isEqualTo("785016963");
        assertThat(OnvifWsSecurity.passwordDigest(nonce, "2014-12-24T16:20:37.475Z", "9999")).isEqualTo("5y9Zcgk2iMChJdQw/yOKEtqsI/0=");
        // hashing the Base64 text instead of the bytes is the classic mistake: it must differ
        assertThat(OnvifWsSecurity.passwordDigest("Nzg1MDE2OTYz".getBytes(StandardCharsets.US_ASCII), "2014-12-24T16:20:37.475Z", "9999"))
                .isEqualTo("nw54fbOS9Xtxmeoq3r7dCMnLx9E=");
    }

    @Test
    void selfComputedUsernameTokenVector() {
        byte[] nonce = new byte[16];
        for (int i = 0; i < 16; i++) nonce[i] = (byte) i;
        assertThat(OnvifWsSecurity.passwordDigest(nonce, "2025-03-01T10:00:00Z", "s3cret")).isEqualTo("qxhsw/TiRn11jtQS8EAWBmJXJcM=");
    }

    @Test
    void createdHasMillisecondsAndTwoDigitDays() {
        assertThat(OnvifWsSecurity.created(Instant.parse("2026-12-01T09:05:03.12Z"))).isEqualTo("2026-12-01T09:05:03.120Z");
    }

    @Test
    void headerCarriesTheExactCreatedItHashed() {
        byte[] nonce = new byte[16];
        String h = OnvifWsSecurity.header("ad<min", "pw", nonce, "2026-12-01T09:05:03.120Z");
        assertThat(h).contains("<wsu:Created>2026-12-01T09:05:03.120Z</wsu:Created>")
                .contains(OnvifWsSecurity.passwordDigest(nonce, "2026-12-01T09:05:03.120Z", "pw"))
                .contains("ad&lt;min").doesNotContain(">pw<");
    }

    @Test
    void rfc2617Md5DigestExample() {
        // RFC 2617 §3.5 example
        var c = OnvifHttpDigest.choose(OnvifHttpDigest.parse(List.of(
                "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
                        + "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"")), false).orElseThrow();
        String a = OnvifHttpDigest.authorization(c, "GET", "/dir/index.html", "Mufasa", "Circle Of Life", 1, "0a4f113b");
        assertThat(a).contains("response=\"6629fae49393a05397450978507c4ef1\"").contains("nc=00000001")
                .contains("qop=auth,").contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
    }

    @Test
    void rfc7616Sha256PreferredOverMd5() {
        // RFC 7616 §3.9.1 example, both challenges offered
        var challenges = OnvifHttpDigest.parse(List.of(
                "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
                        + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"",
                "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5, "
                        + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""));
        var c = OnvifHttpDigest.choose(challenges, false).orElseThrow();
        assertThat(c.algorithm()).isEqualTo("SHA-256");
        String a = OnvifHttpDigest.authorization(c, "GET", "/dir/index.html", "Mufasa", "Circle of Life", 1,
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");
        assertThat(a).contains("response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\"");
        var md5 = OnvifHttpDigest.choose(List.of(challenges.get(1)), false).orElseThrow();
        assertThat(OnvifHttpDigest.authorization(md5, "GET", "/dir/index.html", "Mufasa", "Circle of Life", 1,
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ")).contains("response=\"8ca523f5e9506fed4657c9700eebdbec\"");
    }

    @Test
    void basicIsAnsweredOnlyOverTls() {
        var basic = OnvifHttpDigest.parse(List.of("Basic realm=\"cam\""));
        assertThat(OnvifHttpDigest.choose(basic, false)).as("plain HTTP: the password is never sent in clear").isEmpty();
        assertThat(OnvifHttpDigest.choose(basic, true)).isPresent();
    }
}

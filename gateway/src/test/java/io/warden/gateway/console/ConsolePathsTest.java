package io.warden.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where a browser may be sent after sign-in, and the plain page. */
class ConsolePathsTest {
    @Test
    void localPathsAreKept() {
        for (String p : new String[] {"/", "/lockdown", "/audit?door=gym-east&limit=50", "/events#live", "/a%2Fb"}) {
            assertThat(ConsolePaths.localPath(p)).as(p).isEqualTo(p);
        }
    }

    @Test
    void anythingThatCouldLeaveTheGatewayGoesHome() {
        for (String p : new String[] {null, "", "lockdown", "//evil.example", "/\\evil.example", "\\\\evil.example", "/\t/evil.example",
                "/\n/evil.example", "/ /x", "https://evil.example/", "/x//y", "/caf\u00e9", "/" + "a".repeat(2048)}) {
            assertThat(ConsolePaths.localPath(p)).as(String.valueOf(p)).isEqualTo("/");
        }
    }

    @Test
    void thePlainPageEscapesWhatItShows() {
        String page = ConsolePaths.plainPage("Sign-in failed", "Provider said: <script>alert('x')</script> & \"more\"");
        assertThat(page).contains("<h1>Sign-in failed</h1>").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;")
                .doesNotContain("<script").doesNotContain("style=").contains("href=\"/signin\"");
    }
}

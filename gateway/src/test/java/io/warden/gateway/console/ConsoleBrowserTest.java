package io.warden.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.testing.NpmCi;
import io.warden.gateway.e2e.E2eTeardown;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The web console in a real browser: each {@code src/test/browser/scenarios/*.test.mjs} runs with
 * {@code node --test} and drives Debian's Chromium through Playwright against its own fresh
 * {@link ConsoleSite}, whose people sign in through a real OpenID Connect provider's login form
 * (mock-oauth2-server, interactive login: the scenario types a subject and its claims).
 *
 * <p>A scenario passes when node exits 0; its output is in the failure. Screenshots land in
 * {@code target/console-screenshots}. A scenario reaches the test through {@link ConsoleSiteControl}
 * (to restart the gateway, or read a simulated PD).
 */
class ConsoleBrowserTest {
    static final Path BROWSER_DIR = Path.of("src/test/browser").toAbsolutePath();
    static final Path SCREENSHOTS = Path.of("target/console-screenshots").toAbsolutePath();
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Far above a scenario's usual 5-20 s on two busy cores; only a hang reaches it. */
    static final Duration SCENARIO_DEADLINE = Duration.ofSeconds(120);
    /** {@code -Dconsole.scenario=pulse} runs only the scenarios whose file name holds it (while working on one). */
    static final String ONLY = System.getProperty("console.scenario", "");
    static MockOAuth2Server oidc;

    @BeforeAll
    static void start() throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium (apt-get install chromium; .ci/run does)").isExecutable();
        NpmCi.ensure(BROWSER_DIR, "playwright-core", "the browser driver, npm playwright-core");
        NpmCi.ensure(BROWSER_DIR, "axe-core", "the accessibility checker, npm axe-core"); // a tree from before it came
        if (Files.isDirectory(SCREENSHOTS)) { // this run's pictures only
            E2eTeardown t = new E2eTeardown();
            t.deleteTree(SCREENSHOTS);
            t.finish("clearing " + SCREENSHOTS);
        }
        Files.createDirectories(SCREENSHOTS);
        oidc = new MockOAuth2Server(new OAuth2Config(true));
        oidc.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterAll
    static void stop() {
        if (oidc != null) oidc.shutdown();
    }

    @TestFactory
    Stream<DynamicTest> scenarios() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(BROWSER_DIR.resolve("scenarios"))) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".test.mjs"))
                    .filter(p -> p.getFileName().toString().contains(ONLY)).sorted().toList();
        }
        assertThat(files).as("scenarios in " + BROWSER_DIR.resolve("scenarios")).isNotEmpty();
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(f)));
    }

    private static void run(Path scenario) throws Exception {
        URI issuer = URI.create(oidc.issuerUrl("district").toString());
        try (ConsoleSite site = ConsoleSite.start(issuer); ConsoleSiteControl control = ConsoleSiteControl.start(site)) {
            ProcessBuilder pb = new ProcessBuilder("node", "--test", "--test-reporter=spec", BROWSER_DIR.relativize(scenario).toString())
                    .directory(BROWSER_DIR.toFile()).redirectErrorStream(true);
            Path out = Files.createTempFile("console-scenario", ".out");
            pb.redirectOutput(out.toFile());
            Map<String, String> env = pb.environment();
            env.put("GATEWAY_URL", site.url());
            env.put("OIDC_ISSUER", issuer.toString());
            env.put("OIDC_PROVIDER", ConsoleSite.OIDC_PROVIDER);
            env.put("OIDC_GROUPS", new JsonObject(Map.copyOf(ConsoleSite.GROUP_OF_ROLE)).encode());
            env.put("CONTROL_URL", control.url());
            env.put("WARDEN_ADMIN_TOKEN", site.adminToken());
            env.put("SCREENSHOT_DIR", SCREENSHOTS.toString());
            env.put("CHROMIUM", CHROMIUM.toString());
            Process p = pb.start();
            try {
                boolean ended = p.waitFor(SCENARIO_DEADLINE.toSeconds(), TimeUnit.SECONDS);
                String output = Files.readString(out, StandardCharsets.UTF_8);
                assertThat(ended).as("node --test " + scenario.getFileName() + " within " + SCENARIO_DEADLINE.toSeconds() + " s; output:\n" + output).isTrue();
                assertThat(p.exitValue()).as("node --test " + scenario.getFileName() + " exit; output:\n" + output).isZero();
            } finally {
                p.descendants().forEach(ProcessHandle::destroyForcibly); // the browser, should node have left it
                p.destroyForcibly();
                Files.deleteIfExists(out);
            }
        }
    }
}

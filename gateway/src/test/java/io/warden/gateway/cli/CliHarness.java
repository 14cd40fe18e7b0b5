package io.warden.gateway.cli;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.warden.adapter.api.testing.ClosedPort;
import io.warden.gateway.WardenMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import picocli.CommandLine;

/** Runs {@code warden ...} in-process against a WireMock gateway on 127.0.0.1, with stdout and stderr captured. */
abstract class CliHarness {
    static final String TOKEN = "s3cret-operator-token-7f2a";

    WireMockServer gateway;
    private ClosedPort refusing;

    /** What a run printed and returned. */
    record Run(int code, String out, String err) {
        /** Neither stream may ever show the token. */
        Run assertTokenHidden() {
            assertThat(out).doesNotContain(TOKEN);
            assertThat(err).doesNotContain(TOKEN);
            return this;
        }
    }

    @BeforeEach
    void startGateway() {
        gateway = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        gateway.start();
    }

    @AfterEach
    void stopGateway() {
        gateway.stop();
        if (refusing != null) refusing.close();
    }

    String url() {
        return "http://127.0.0.1:" + gateway.port();
    }

    /** {@code warden args... --url <stub> --token TOKEN}. */
    Run warden(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", url(), "--token", TOKEN));
        return raw(all.toArray(String[]::new)).assertTokenHidden();
    }

    static Run raw(String... args) {
        CommandLine cmd = WardenMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The URL of a gateway that refuses connections, for as long as the test runs. */
    String refusingUrl() {
        if (refusing == null) refusing = new ClosedPort();
        return "http://127.0.0.1:" + refusing.port();
    }

    static String problem(int status, String code, String detail) {
        return "{\"type\":\"https://warden.io/problems/" + code.toLowerCase() + "\",\"title\":\"t\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}";
    }
}

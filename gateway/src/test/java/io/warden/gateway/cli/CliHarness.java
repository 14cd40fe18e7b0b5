package io.warden.gateway.cli;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.warden.gateway.WardenMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import picocli.CommandLine;

/** Runs {@code warden ...} in-process against a WireMock gateway on 127.0.0.1, with stdout and stderr captured. */
abstract class CliHarness {
    static final String TOKEN = "s3cret-operator-token-7f2a";

    WireMockServer gateway;

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

    /** A loopback port nothing listens on (just closed). */
    /** A loopback port nothing listens on, below the ephemeral range so a connect cannot meet itself. */
    static int closedPort() throws IOException {
        for (int p = 22_000; p < 23_000; p++) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                return p;
            } catch (java.net.BindException taken) {
                // try the next one
            }
        }
        throw new IOException("no free port in 22000..22999");
    }

    static String problem(int status, String code, String detail) {
        return "{\"type\":\"https://warden.io/problems/" + code.toLowerCase() + "\",\"title\":\"t\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}";
    }
}

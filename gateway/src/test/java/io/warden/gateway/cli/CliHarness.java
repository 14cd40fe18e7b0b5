package io.warden.gateway.cli;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.ContentTypeHeader;
import com.github.tomakehurst.wiremock.http.LoggedResponse;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.warden.adapter.api.testing.ClosedPort;
import io.warden.gateway.WardenMain;
import io.warden.gateway.api.OpenApiAnswerCheck;
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
    /** Stub metadata key: this stub breaks the API contract on purpose, and the value says why. */
    static final String OFF_CONTRACT = "offContract";

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
        try {
            assertThat(answersOffContract()).as("stubbed answers the API never gives (openapi.yaml)").isEmpty();
        } finally {
            gateway.stop();
            if (refusing != null) refusing.close();
        }
    }

    /**
     * Every answer the stub gateway gave that openapi.yaml does not allow, checked after each test. A
     * stub that must break the contract on purpose (to test how the CLI copes) says why in its
     * metadata under {@link #OFF_CONTRACT}.
     */
    List<String> answersOffContract() {
        OpenApiAnswerCheck contract = OpenApiAnswerCheck.gatewayContract();
        List<String> off = new ArrayList<>();
        for (ServeEvent e : gateway.getAllServeEvents()) {
            StubMapping stub = e.getStubMapping();
            if (stub != null && stub.getMetadata() != null && stub.getMetadata().containsKey(OFF_CONTRACT)) continue;
            if (e.getResponseDefinition().getFault() != null) continue;
            LoggedResponse r = e.getResponse();
            ContentTypeHeader type = r.getHeaders() == null ? null : r.getHeaders().getContentTypeHeader();
            String violation = contract.violation(e.getRequest().getMethod().value(), e.getRequest().getUrl(), r.getStatus(),
                    type == null || !type.isPresent() ? null : type.firstValue(), r.getBody());
            if (violation != null) off.add(e.getRequest().getMethod() + " " + e.getRequest().getUrl() + ": " + violation);
        }
        return off;
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

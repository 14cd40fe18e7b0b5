package io.warden.gateway.cluster;

import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.warden.gateway.cluster.District.LineSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The process harness of {@link ClusterProcessTest} on one plain node (no {@code cluster:} section, so it
 * runs before cluster mode is wired): the gateway as its own JVM from the test classpath, in front of a TCP
 * and a serial (pty) line simulated in this JVM; its port learnt from stdout; a lockdown through its API
 * reaches the simulated strikes; SIGSTOP freezes it and SIGCONT brings it back; kill -9 ends it at once.
 * The steps share one node and run in order.
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayProcessTest {
    private static District district;

    @BeforeAll
    static void start() throws Exception {
        district = District.create(List.of(LineSpec.tcp("tcp-1", "east", List.of(), 2, 2), LineSpec.serial("ser-1", "west", null, 1, 2)),
                List.of("solo"), false, 0);
        district.startNodes("solo");
    }

    @AfterAll
    static void stop() throws Exception {
        if (district != null) district.close();
    }

    @Test
    @Order(1)
    void aNodeProcessServesTheDistrictsDoorsAndLocksThemDown() throws Exception {
        until(() -> district.doorViews("solo").values().stream().allMatch(d -> d.getJsonObject("state").getBoolean("online")),
                "every door online on the node");
        assertThat(district.doorViews("solo").keySet()).containsExactlyElementsOf(district.doors());
        district.unlockAtPanel("tcp-1-2-1");
        district.unlockAtPanel("ser-1-1-0");

        District.Response r = district.post("solo", "/api/v1/lockdowns", "lockdown", new JsonObject().put("level", "lockdown")
                .put("scope", new JsonObject().put("site", District.SITE)).put("reason", "harness check"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().getJsonArray("doors")).hasSize(district.doors().size())
                .allSatisfy(d -> assertThat(((JsonObject) d).getString("status")).as(d.toString()).isEqualTo("confirmed"));
        for (String door : district.doors()) assertThat(district.strikeOn(door)).as(door + " strike").isFalse();
        assertThat(district.lastSeq("solo")).isPositive();
    }

    @Test
    @Order(1)
    void theNodeJvmGetsTheModuleAccessHazelcastNeeds() throws Exception {
        List<String> wanted = GatewayProcess.hazelcastJvmArgs();
        assertThat(wanted).as("the pom's hazelcast.jvm.args, passed by surefire").contains("--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED");
        // Linux: the command line as the kernel has it (ProcessHandle.Info gives none for one this long)
        String cmdline = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(district.node("solo").pid()), "cmdline"));
        List<String> args = List.of(cmdline.split("\u0000"));
        assertThat(args).as("the node's command line").containsSubsequence(wanted);
    }

    @Test
    @Order(2)
    void sigstopFreezesTheNodeAndSigcontBringsItBack() throws Exception {
        GatewayProcess node = district.node("solo");
        node.pause();
        assertThat(district.healthStatus("solo")).as("a paused node does not answer").isEqualTo(-1);
        assertThat(node.isAlive()).isTrue();
        node.resume();
        until(() -> district.healthStatus("solo") == 200, "the resumed node answering", Duration.ofSeconds(30));
    }

    @Test
    @Order(3)
    void killNineEndsTheNodeAtOnce() throws Exception {
        GatewayProcess node = district.node("solo");
        node.kill();
        assertThat(node.isAlive()).isFalse();
        assertThat(node.exitValue()).as("SIGKILL").isEqualTo(137);
        assertThat(district.healthStatus("solo")).isEqualTo(-1);
        assertThat(node.output()).anyMatch(l -> l.contains("Warden listening on http://127.0.0.1:" + node.port() + "/api/v1"));
    }
}

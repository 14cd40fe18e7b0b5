package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorCommandResult;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.DoorState;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.door.DoorBus;
import io.warden.gateway.door.DoorInfo;
import io.warden.gateway.door.GatewayDoorService;
import io.warden.gateway.door.LockdownRequest;
import io.warden.gateway.events.EventHub;
import io.warden.gateway.testing.FakeDoorController;
import io.warden.gateway.testing.InMemoryAuditStore;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deadlines from the API to the wire, through the real door service and event bus: the deadline is
 * the door's own command timeout, the API answers with the adapter's DEVICE_TIMEOUT at that deadline
 * (not an event-bus timeout), and a command that arrives past its deadline never reaches the adapter.
 */
class DoorDeadlineApiTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private final Vertx vertx = Vertx.vertx();
    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private final FakeDoorController door = new FakeDoorController("library");
    private GatewayDoorService service;
    private ApiServer api;
    private WebClient client;

    @BeforeEach
    void start() throws Exception {
        door.commandTimeout(TIMEOUT);
        door.silent(true);
        DoorInfo info = new DoorInfo("library", "Library", "lincoln", "main", true, "line-a", "osdp", Duration.ofSeconds(5), null, List.of());
        service = await(GatewayDoorService.start(vertx, List.of(info), Map.<String, DoorController>of("library", door), audit,
                Files.createTempDirectory("warden"), Clock.systemUTC(),
                new GatewayDoorService.Options(Duration.ofMinutes(1), Duration.ofHours(12))));
        Principal operator = new Principal("front-office", Role.OPERATOR);
        api = new ApiServer(vertx, service, audit, new EventHub(), t -> Optional.ofNullable(t.equals("op") ? operator : null),
                new io.warden.gateway.device.DeviceDirectory(java.time.Instant.now()), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), ApiOptions.plain("127.0.0.1", 0));
        int port = await(api.start());
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    @AfterEach
    void stop() {
        client.close();
        await(api.stop());
        await(vertx.close());
    }

    @Test
    void aSilentDeviceAnswersAtTheDoorsDeadlineWithTheAdaptersTimeout() {
        Instant sent = Instant.now();
        HttpResponse<Buffer> res = await(client.post("/api/v1/doors/library/unlock").putHeader("Authorization", "Bearer op").send());
        Instant answered = Instant.now();

        JsonObject p = res.bodyAsJsonObject();
        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(Problems.status(ErrorCode.DEVICE_TIMEOUT)).isEqualTo(504);
        assertThat(p.getString("code")).isEqualTo("DEVICE_TIMEOUT");
        assertThat(p.getString("detail")).as("the adapter's own answer, not the bus's").contains("the door may have acted");
        Instant deadline = door.deadlines.get(0);
        assertThat(door.deadlines).hasSize(1);
        assertThat(Duration.between(sent, deadline)).as("the door's own timeout").isGreaterThanOrEqualTo(TIMEOUT);
        assertThat(answered).as("answered at the deadline").isAfterOrEqualTo(deadline.minusMillis(5))
                .isBefore(deadline.plus(DoorBus.REPLY_MARGIN));
        assertThat(audit.entries("door.command")).extracting(AuditEntry::result).containsExactly("requested", "failed");
    }

    @Test
    void aLockdownReportsTheSilentDoorAsFailedWithTheAdaptersAnswer() {
        var report = await(service.startLockdown(new LockdownRequest(LockdownRequest.Level.LOCKDOWN,
                new LockdownRequest.Scope("lincoln", null, null), false, "test"), new Principal("sro", Role.LOCKDOWN), null));
        assertThat(report.doors()).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo("failed");
            assertThat(d.detail()).contains("the door may have acted");
        });
        assertThat(door.deadlines).hasSize(1);
    }

    @Test
    void aCommandPastItsDeadlineOnArrivalIsNeverHandedToTheAdapter() {
        Throwable t = awaitFailure(new DoorBus(vertx, Clock.systemUTC()).send("library", new DoorCommand.Unlock(), Instant.now().minusMillis(1)));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        assertThat(t.getMessage()).contains("not sent to the device");
        assertThat(door.received).isEmpty();
    }

    @Test
    void anAdapterThatNeverAnswersIsCutOffByTheBusJustAfterTheDeadline() {
        DoorController broken = new DoorController() {
            public String doorId() {
                return "broken";
            }

            public Duration commandTimeout() {
                return Duration.ofMillis(100);
            }

            public Future<DoorCommandResult> execute(DoorCommand command, Instant deadline) {
                return Promise.<DoorCommandResult>promise().future();
            }

            public DoorState state() {
                return DoorState.UNKNOWN;
            }
        };
        DoorBus bus = new DoorBus(vertx, Clock.systemUTC());
        bus.serve(broken);
        Throwable t = awaitFailure(bus.send("broken", new DoorCommand.Lock(), bus.deadline("broken")));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        assertThat(t.getMessage()).contains("may have reached the device");
        assertThat(bus.deadline("nobody")).as("no node serves it").isNull();
        assertThat(WardenException.codeOf(awaitFailure(bus.send("nobody", new DoorCommand.Lock(), null)))).isEqualTo(ErrorCode.DEVICE_OFFLINE);
    }
}

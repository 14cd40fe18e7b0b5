package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Requests are validated on the event loop: with every worker thread busy, the API still answers and refuses. */
class ValidationOnEventLoopApiTest extends ApiTestBase {

    @Test
    void requestsAreValidatedWithEveryWorkerThreadBusy() throws InterruptedException {
        int workers = VertxOptions.DEFAULT_WORKER_POOL_SIZE;
        CountDownLatch busy = new CountDownLatch(workers);
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Void>> blockers = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            blockers.add(vertx.executeBlocking(() -> {
                busy.countDown();
                release.await(60, TimeUnit.SECONDS);
                return null;
            }, false));
        }
        try {
            assertThat(busy.await(30, TimeUnit.SECONDS)).as("all worker threads blocked").isTrue();

            assertThat(get("/api/v1/doors/d1", "viewer-token").statusCode()).isEqualTo(200);
            String detail = problem(post("/api/v1/doors/d1/pulse", "operator-token", new JsonObject().put("seconds", 0)), 400,
                    "BAD_REQUEST").getString("detail");
            assertThat(detail).contains("seconds");
            assertThat(problem(get("/api/v1/audit?limit=abc", "investigator-token"), 400, "BAD_REQUEST").getString("detail"))
                    .contains("limit");
            assertThat(doors.calls).isEmpty();
        } finally {
            release.countDown();
            for (Future<Void> b : blockers) await(b);
        }
    }
}

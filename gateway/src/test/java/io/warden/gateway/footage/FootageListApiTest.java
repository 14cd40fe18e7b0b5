package io.warden.gateway.footage;

import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.testing.FakeCamera;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The job list in pages, and a package download on record from its request to its end. */
class FootageListApiTest {
    private FootageFixture site;

    @AfterEach
    void close() throws Exception {
        if (site != null) site.close();
    }

    private static JsonObject window(String camera, int seconds) {
        Instant to = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        return new JsonObject().put("cameras", new JsonArray().add(camera)).put("from", to.minusSeconds(seconds).toString())
                .put("to", to.toString()).put("reason", "case 2026-118");
    }

    private static List<String> ids(JsonObject page) {
        List<String> out = new ArrayList<>();
        page.getJsonArray("items").forEach(o -> out.add(((JsonObject) o).getString("id")));
        return out;
    }

    @Test
    void theListComesInPagesNewestFirstWithACursor() throws Exception {
        site = new FootageFixture("footage: {autoCapture: {enabled: false}}\n");
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) made.add(site.request(window("cam-c", 2)));
        List<String> newestFirst = new ArrayList<>(made);
        java.util.Collections.reverse(newestFirst);

        JsonObject first = site.get("/api/v1/footage?limit=2", "investigator").json();
        assertThat(ids(first)).containsExactlyElementsOf(newestFirst.subList(0, 2));
        assertThat(first.getString("next")).isEqualTo(newestFirst.get(1));
        JsonObject second = site.get("/api/v1/footage?limit=2&cursor=" + first.getString("next"), "investigator").json();
        assertThat(ids(second)).containsExactlyElementsOf(newestFirst.subList(2, 4));
        JsonObject last = site.get("/api/v1/footage?limit=2&cursor=" + second.getString("next"), "investigator").json();
        assertThat(ids(last)).containsExactly(newestFirst.get(4));
        assertThat(last.getValue("next")).isNull();

        JsonObject all = site.get("/api/v1/footage", "investigator").json();
        assertThat(ids(all)).containsExactlyElementsOf(newestFirst);
        assertThat(all.getValue("next")).isNull();
        assertThat(all.containsKey("next")).isTrue();
    }

    @Test
    void aBadLimitOrCursorIsA400NamingIt() throws Exception {
        site = new FootageFixture("footage: {autoCapture: {enabled: false}}\n");
        for (String q : List.of("limit=0", "limit=501", "limit=abc")) {
            FootageFixture.Response r = site.get("/api/v1/footage?" + q, "investigator");
            assertThat(r.status()).as(q + ": " + r.body()).isEqualTo(400);
            assertThat(r.json().getString("code")).isEqualTo("BAD_REQUEST");
            assertThat(r.json().getString("detail")).as(q).contains("limit");
        }
        assertThat(site.get("/api/v1/footage?limit=500", "investigator").status()).isEqualTo(200);
        FootageFixture.Response r = site.get("/api/v1/footage?cursor=20990101T000000Z-000000", "investigator");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().getString("detail")).contains("cursor").contains("20990101T000000Z-000000");
    }

    @Test
    void aCompleteDownloadIsRecordedRequestedThenOk() throws Exception {
        site = new FootageFixture("footage: {autoCapture: {enabled: false}}\n");
        String id = site.request(window("cam-c", 10));
        assertThat(site.finished(id).getString("status")).isEqualTo("done");
        FootageFixture.Response zip = site.get("/api/v1/footage/" + id + "/package.zip", "investigator");
        assertThat(zip.status()).isEqualTo(200);
        List<JsonObject> records = waitForDownloadRecords(2);
        assertThat(records.get(0).getString("result")).isEqualTo("requested");
        assertThat(records.get(1).getString("result")).isEqualTo("ok");
        assertThat(records.get(1).getString("detail")).contains(id).contains(zip.bytes().length + " of " + zip.bytes().length + " bytes sent")
                .contains("requested seq " + records.get(0).getLong("seq"));
    }

    @Test
    void aClientThatLeavesMidDownloadIsRecordedFailedWithTheBytesSent() throws Exception {
        site = new FootageFixture("footage: {autoCapture: {enabled: false}}\n");
        FakeCamera.of("cam-c");
        String id = site.request(window("cam-c", 20 * 60)); // ~16 MB: more than the socket buffers hold
        assertThat(site.finished(id).getString("status")).isEqualTo("done");
        long size;
        try (Socket s = new Socket("127.0.0.1", site.gateway().port())) {
            s.setReceiveBufferSize(16 * 1024);
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/v1/footage/" + id + "/package.zip HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer investigator-token\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(32 * 1024);
            String text = new String(head, StandardCharsets.ISO_8859_1);
            assertThat(text).startsWith("HTTP/1.1 200");
            String len = text.substring(text.toLowerCase(java.util.Locale.ROOT).indexOf("content-length: ") + 16);
            size = Long.parseLong(len.substring(0, len.indexOf('\r')));
            assertThat(size).isGreaterThan(8L << 20);
            s.setSoLinger(true, 0); // leave with a reset, as a crashed or killed client does
        }
        List<JsonObject> records = waitForDownloadRecords(2);
        assertThat(records.get(0).getString("result")).isEqualTo("requested");
        JsonObject end = records.get(1);
        assertThat(end.getString("result")).as(end.encode()).isEqualTo("failed");
        String detail = end.getString("detail");
        assertThat(detail).contains(id).contains(" of " + size + " bytes sent");
        long sent = Long.parseLong(detail.substring(detail.indexOf(": ") + 2, detail.indexOf(" of ")));
        assertThat(sent).isLessThan(size);
    }

    private List<JsonObject> waitForDownloadRecords(int n) throws Exception {
        until(() -> {
            try {
                return site.audited("footage.downloaded").size() >= n;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, n + " footage.downloaded records");
        List<JsonObject> r = new ArrayList<>(site.audited("footage.downloaded"));
        r.sort((a, b) -> Long.compare(a.getLong("seq"), b.getLong("seq")));
        assertThat(r).hasSize(n);
        return r;
    }
}

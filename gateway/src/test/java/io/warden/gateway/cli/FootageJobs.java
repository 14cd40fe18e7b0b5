package io.warden.gateway.cli;

/** Footage job answers in the shape of SHARED-SPEC.md, for the CLI tests. */
final class FootageJobs {
    static final String CLIP = """
            {"file":"cam-1-1.mp4","from":"2026-05-01T10:02:00Z","to":"2026-05-01T10:04:00Z","frames":1200,"bytes":1000,
             "sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}""";

    /** Done; cam-1 with two clips around a 12 s gap, cam-2 failed. */
    static final String DONE_ONE_FAILED = """
            {"id":"fj-1","status":"done","automatic":false,"requestedBy":"alice","reason":"incident 114",
             "from":"2026-05-01T10:02:00Z","to":"2026-05-01T10:10:00Z","createdAt":"2026-05-01T10:15:00Z",
             "finishedAt":"2026-05-01T10:16:02Z","requestSeq":812,"percent":100,
             "cameras":[
              {"id":"cam-1","status":"done","requestedSeconds":480,"coveredSeconds":468,"percent":100,"frames":4680,"bytes":4700000,
               "clips":[
                {"file":"cam-1-1.mp4","from":"2026-05-01T10:02:00Z","to":"2026-05-01T10:05:00Z","frames":1800,"bytes":1800000,
                 "sha256":"0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"},
                {"file":"cam-1-2.mp4","from":"2026-05-01T10:05:12Z","to":"2026-05-01T10:10:00Z","frames":2880,"bytes":2900000,
                 "sha256":"ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"}],
               "gaps":[{"from":"2026-05-01T10:05:00Z","to":"2026-05-01T10:05:12Z"}]},
              {"id":"cam-2","status":"failed","detail":"camera offline: no answer in 5 s","requestedSeconds":480,"coveredSeconds":0,
               "percent":0,"frames":0,"bytes":0,"clips":[],"gaps":[]}],
             "package":"/api/v1/footage/fj-1/package.zip"}""";

    static final String DONE_ONE_FAILED_REPORT = """
            footage fj-1  done  2026-05-01T10:02:00Z .. 2026-05-01T10:10:00Z  requested by alice at 2026-05-01T10:15:00Z (audit seq 812)
            reason: incident 114
            CAMERA  STATUS  PERCENT  COVERED    FRAMES  BYTES   CLIPS  GAPS  DETAIL
            cam-1   done    100%     468/480 s  4680    4.7 MB  2      1
            cam-2   failed  0%       0/480 s    0       0 B     0      0     camera offline: no answer in 5 s
            CLIP         FROM                  TO                    FRAMES  BYTES    SHA256
            cam-1-1.mp4  2026-05-01T10:02:00Z  2026-05-01T10:05:00Z  1800    1800000  0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9
            cam-1-2.mp4  2026-05-01T10:05:12Z  2026-05-01T10:10:00Z  2880    2900000  ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100
            GAP IN  FROM                  TO                    LENGTH
            cam-1   2026-05-01T10:05:00Z  2026-05-01T10:05:12Z  12 s
            2 cameras: 1 FAILED; FOOTAGE INCOMPLETE; download: warden footage download fj-1
            """;

    private FootageJobs() {}

    /** A job over 2026-05-01T10:02Z..10:10Z (480 s) by alice. */
    static String job(String status, int percent, String... cameras) {
        return "{\"id\":\"fj-1\",\"status\":\"" + status + "\",\"automatic\":false,\"requestedBy\":\"alice\",\"reason\":\"incident 114\","
                + "\"from\":\"2026-05-01T10:02:00Z\",\"to\":\"2026-05-01T10:10:00Z\",\"createdAt\":\"2026-05-01T10:15:00Z\","
                + "\"requestSeq\":812,\"percent\":" + percent + ",\"cameras\":[" + String.join(",", cameras) + "]}";
    }

    /** A camera of {@link #job}: 480 s requested. */
    static String camera(String id, String status, int percent, int covered, long bytes, String clips, String detail) {
        return "{\"id\":\"" + id + "\",\"status\":\"" + status + "\"" + (detail.isEmpty() ? "" : ",\"detail\":\"" + detail + "\"")
                + ",\"requestedSeconds\":480,\"coveredSeconds\":" + covered + ",\"percent\":" + percent + ",\"frames\":" + covered * 10
                + ",\"bytes\":" + bytes + ",\"clips\":[" + clips + "],\"gaps\":[]}";
    }
}

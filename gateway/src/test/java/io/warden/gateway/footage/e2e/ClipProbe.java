package io.warden.gateway.footage.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A clip as the installed ffprobe reads it, decoding every frame ({@code -count_frames}): an independent check.
 *
 * @param pts packet presentation times in seconds, in file order
 */
record ClipProbe(String codec, double duration, long decodedFrames, List<Double> pts) {

    static ClipProbe of(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_streams",
                "-show_format", "-show_packets", "-show_entries", "packet=pts_time:stream=codec_name,nb_read_frames:format=duration",
                "-of", "json", file.toString()).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || !err.isBlank()) {
            throw new IOException("ffprobe on " + file + ": " + err);
        }
        JsonObject j = new JsonObject(new String(out, StandardCharsets.UTF_8));
        JsonObject s = j.getJsonArray("streams").getJsonObject(0);
        List<Double> pts = new ArrayList<>();
        JsonArray packets = j.getJsonArray("packets", new JsonArray());
        for (int i = 0; i < packets.size(); i++) pts.add(Double.parseDouble(packets.getJsonObject(i).getString("pts_time")));
        return new ClipProbe(s.getString("codec_name"), Double.parseDouble(j.getJsonObject("format").getString("duration")),
                Long.parseLong(s.getString("nb_read_frames")), pts);
    }
}

package io.warden.gateway.footage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What ffprobe (the one installed from Debian) reads in a clip: an independent check of our MP4 writing. */
record Ffprobe(String codec, int width, int height, double duration, long frames, long decodedFrames, List<Long> pts,
        List<Boolean> keys, String timeBase) {

    /** Probes {@code file}; {@code decode} also decodes every frame ({@code -count_frames}). */
    static Ffprobe of(Path file, boolean decode) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_streams",
                "-show_format", "-show_packets", "-show_entries", "packet=pts,flags:stream=codec_name,width,height,nb_frames,"
                        + "nb_read_frames,time_base:format=duration", "-of", "json"));
        if (decode) cmd.add(1, "-count_frames");
        cmd.add(file.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("ffprobe failed on " + file + ": " + err);
        if (!err.isBlank()) throw new IOException("ffprobe complained about " + file + ": " + err);
        JsonObject j = new JsonObject(new String(out, StandardCharsets.UTF_8));
        JsonObject s = j.getJsonArray("streams").getJsonObject(0);
        List<Long> pts = new ArrayList<>();
        List<Boolean> keys = new ArrayList<>();
        JsonArray packets = j.getJsonArray("packets", new JsonArray());
        for (int i = 0; i < packets.size(); i++) {
            pts.add(packets.getJsonObject(i).getLong("pts"));
            keys.add(packets.getJsonObject(i).getString("flags", "").startsWith("K"));
        }
        return new Ffprobe(s.getString("codec_name"), s.getInteger("width"), s.getInteger("height"),
                Double.parseDouble(j.getJsonObject("format").getString("duration")), Long.parseLong(s.getString("nb_frames")),
                decode ? Long.parseLong(s.getString("nb_read_frames")) : -1, pts, keys, s.getString("time_base"));
    }
}

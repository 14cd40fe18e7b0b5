package io.warden.gateway.bench;

import static io.warden.gateway.bench.GatewayBenchRig.progress;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Footage export, whole path: 4 simulated ONVIF cameras (SOAP + RTSP replay over loopback, 10 frames/s
 * of 320x240 H.264) and a gateway with them as type onvif cameras; {@code POST /api/v1/footage} for the
 * 4 cameras at once, 10 minutes each, polled until done (OnvifCamera → RTSP replay with
 * {@code Rate-Control: no} → CameraClipWriter → signed evidence package). Per camera: wall time from
 * the request until its status is done, and the ratio to real time; heap (see {@link HeapSampler}).
 * Two 2-minute jobs of the 4 cameras warm the JIT first; the first (cold JVM) is shown last, apart.
 *
 * <p>Baseline, same run, same simulators: {@code ffmpeg -rtsp_transport tcp -i <replay uri> -c copy -f
 * mp4}, 4 at once. ffmpeg cannot ask for {@code Rate-Control: no} (nor {@code Scale}, which the
 * simulator, like many cameras, only takes at 1.0), so it is served in real time: it plays the same
 * replay URI from the recording's start for {@code bench.ffmpegSeconds} (30) of footage ({@code -t}),
 * and its ratio is footage seconds over wall seconds (10 minutes would take 10 minutes).
 *
 * <p>Then one camera alone, a 10- and a 60-minute window: the heap must stay flat (live heap after a
 * forced GC every 5 s, beside the pools' peak). The gateway and simulators share this JVM, so heap
 * figures include the simulators'. Run: {@code mvn -B -q -pl gateway -am -Pbench test-compile exec:java
 * -Dexec.mainClass=io.warden.gateway.bench.FootageBench}. Properties: {@code bench.minutes} (10),
 * {@code bench.longMinutes} (60), {@code bench.ffmpegSeconds} (30).
 */
public final class FootageBench {
    private static final int CAMERAS = 4;
    private static final Duration JOB_WAIT = Duration.ofMinutes(30);

    /** One row of the table: per-camera wall seconds, footage seconds each, heap. */
    record Row(String what, int cameras, double footageSeconds, double[] wallSeconds, double jobWallSeconds, HeapSampler.Heap heap,
               String extra) {
        double ratio() {
            double sum = 0;
            for (double w : wallSeconds) sum += footageSeconds / w;
            return sum / wallSeconds.length;
        }

        double minRatio() {
            double min = Double.MAX_VALUE;
            for (double w : wallSeconds) min = Math.min(min, footageSeconds / w);
            return min;
        }
    }

    public static void main(String[] args) throws Exception {
        GatewayBenchRig.quietLogs();
        int minutes = Integer.getInteger("bench.minutes", 10);
        int longMinutes = Integer.getInteger("bench.longMinutes", 60);
        int ffSeconds = Integer.getInteger("bench.ffmpegSeconds", 30);
        long started = System.nanoTime();
        Instant recordingStart = Instant.now().minus(2 * minutes + longMinutes + 40, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        List<Row> rows = new ArrayList<>();
        try (FootageBenchSite site = new FootageBenchSite(CAMERAS, recordingStart)) {
            progress("waiting for " + CAMERAS + " cameras online");
            site.awaitOnline();
            progress("baseline: " + CAMERAS + " ffmpeg -c copy, " + ffSeconds + " s of footage each (real time)");
            rows.add(ffmpeg(site, ffSeconds));
            Instant w = recordingStart.plus(5, ChronoUnit.MINUTES);
            progress("warm-up: " + CAMERAS + " cameras x 2 min, twice (the first, cold one is shown apart)");
            Row cold = export(site, "cold: 4 cameras x 2 min", CAMERAS, w, w.plus(2, ChronoUnit.MINUTES), 0);
            export(site, "warm-up", CAMERAS, w, w.plus(2, ChronoUnit.MINUTES), 0);
            Instant a = recordingStart.plus(10, ChronoUnit.MINUTES);
            progress("gateway: " + CAMERAS + " cameras x " + minutes + " min");
            rows.add(export(site, "warden API, 4 cameras at once", CAMERAS, a, a.plus(minutes, ChronoUnit.MINUTES), 0));
            Instant b = a.plus(minutes, ChronoUnit.MINUTES);
            progress("gateway: 1 camera x " + minutes + " min (heap)");
            rows.add(export(site, "warden API, 1 camera", 1, b, b.plus(minutes, ChronoUnit.MINUTES), 5_000));
            Instant c = b.plus(minutes, ChronoUnit.MINUTES);
            progress("gateway: 1 camera x " + longMinutes + " min (heap)");
            rows.add(export(site, "warden API, 1 camera", 1, c, c.plus(longMinutes, ChronoUnit.MINUTES), 5_000));
            rows.add(cold);
        }
        print(rows, minutes, longMinutes);
        System.out.println(GatewayBenchRig.machine(Duration.ofNanos(System.nanoTime() - started)));
        System.exit(0);
    }

    private static Row export(FootageBenchSite site, String what, int k, Instant from, Instant to, long gcEveryMs) throws Exception {
        HeapSampler heap = HeapSampler.start(gcEveryMs);
        long t0 = System.nanoTime();
        String id = site.request(k, from, to);
        Map<String, Double> doneAt = new LinkedHashMap<>();
        long deadline = t0 + JOB_WAIT.toNanos();
        JsonObject job;
        while (true) {
            job = site.job(id);
            double now = (System.nanoTime() - t0) / 1e9;
            for (Object o : job.getJsonArray("cameras")) {
                JsonObject cam = (JsonObject) o;
                if (!List.of("queued", "running").contains(cam.getString("status"))) doneAt.putIfAbsent(cam.getString("id"), now);
            }
            if (List.of("done", "failed", "cancelled").contains(job.getString("status"))) break;
            if (System.nanoTime() > deadline) throw new IllegalStateException("job " + id + " not finished within " + JOB_WAIT);
            Thread.sleep(100);
        }
        double jobWall = (System.nanoTime() - t0) / 1e9;
        HeapSampler.Heap h = heap.stop();
        if (!"done".equals(job.getString("status"))) throw new IllegalStateException("job " + id + ": " + job.encodePrettily());
        double footage = Duration.between(from, to).toSeconds();
        long frames = 0;
        long bytes = 0;
        for (Object o : job.getJsonArray("cameras")) {
            JsonObject cam = (JsonObject) o;
            if (cam.getDouble("coveredSeconds") != footage) throw new IllegalStateException("not all footage covered: " + cam.encode());
            frames += cam.getLong("frames");
            bytes += cam.getLong("bytes");
        }
        double[] walls = doneAt.values().stream().mapToDouble(Double::doubleValue).toArray();
        String clip = job.getJsonArray("cameras").getJsonObject(0).getJsonArray("clips").getJsonObject(0).getString("file");
        double probed = probeSeconds(site.dir.resolve("data").resolve("evidence").resolve(id).resolve(clip));
        return new Row(what, k, footage, walls, jobWall, h, "frames=%d MiB=%.1f probed_s=%.1f".formatted(frames, bytes / 1048576.0, probed));
    }

    private static final Pattern MAXRSS = Pattern.compile("maxrss=(\\d+)\\s*(?:KiB|kB)");

    private static Row ffmpeg(FootageBenchSite site, int seconds) throws Exception {
        Path out = Files.createDirectories(site.dir.resolve("ffmpeg"));
        List<Process> procs = new ArrayList<>();
        List<java.util.concurrent.CompletableFuture<Double>> exits = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < CAMERAS; i++) {
            procs.add(new ProcessBuilder("ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-benchmark", "-rtsp_transport", "tcp", "-i",
                    site.replayUriWithCredentials(i), "-t", String.valueOf(seconds), "-c", "copy", "-f", "mp4", "-y",
                    out.resolve("cam-" + (i + 1) + ".mp4").toString()).redirectErrorStream(true)
                    .redirectOutput(out.resolve("cam-" + (i + 1) + ".log").toFile()).start());
            exits.add(procs.get(i).onExit().thenApply(x -> (System.nanoTime() - t0) / 1e9));
        }
        double[] walls = new double[CAMERAS];
        long maxRssKib = 0;
        long bytes = 0;
        for (int i = 0; i < CAMERAS; i++) {
            Process p = procs.get(i);
            if (!p.waitFor(seconds * 4L + 60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("ffmpeg " + i + " did not finish");
            }
            walls[i] = exits.get(i).get(10, TimeUnit.SECONDS);
            String log = Files.readString(out.resolve("cam-" + (i + 1) + ".log"), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) throw new IllegalStateException("ffmpeg exit " + p.exitValue() + ":\n" + log);
            Matcher m = MAXRSS.matcher(log);
            if (m.find()) maxRssKib = Math.max(maxRssKib, Long.parseLong(m.group(1)));
            bytes += Files.size(out.resolve("cam-" + (i + 1) + ".mp4"));
        }
        double probed = probeSeconds(out.resolve("cam-1.mp4"));
        return new Row("ffmpeg -c copy (baseline)", CAMERAS, seconds, walls, max(walls), null,
                "MiB=%.1f probed_s=%.1f maxrss_mib=%.1f".formatted(bytes / 1048576.0, probed, maxRssKib / 1024.0));
    }

    private static double probeSeconds(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file.toString())
                .redirectErrorStream(true).start();
        String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(30, TimeUnit.SECONDS);
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static double max(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, x);
        return m;
    }

    private static void print(List<Row> rows, int minutes, int longMinutes) {
        Row base = rows.get(0);
        System.out.printf("%nFootage export: %d simulated ONVIF cameras, 10 frames/s 320x240 H.264, loopback RTSP (TCP interleaved)%n", CAMERAS);
        System.out.printf("%-30s %4s %8s %11s %7s %10s %8s %9s %9s %9s %9s  %s%n", "path", "cams", "footage", "wall s/cam", "job s",
                "x realtime", "min x", "vs ffmpeg", "heap peak", "after GC", "live grow", "");
        for (Row r : rows) {
            HeapSampler.Heap h = r.heap();
            System.out.printf("%-30s %4d %7.0fs %11s %7.1f %9.1fx %7.1fx %8.1fx %9s %9s %9s  %s%n", r.what(), r.cameras(), r.footageSeconds(),
                    walls(r.wallSeconds()), r.jobWallSeconds(), r.ratio(), r.minRatio(), r.ratio() / base.ratio(),
                    h == null ? "-" : mib(Math.max(h.poolPeak(), h.sampledPeak())), h == null ? "-" : mib(h.afterGcPeak()),
                    h == null || Double.isNaN(h.liveGrowth()) ? "-" : mib(h.liveGrowth()), r.extra());
        }
        HeapSampler.Heap s = rows.get(2).heap();
        HeapSampler.Heap l = rows.get(3).heap();
        System.out.printf("%nheap, 1 camera, %d vs %d min: live growth %.1f vs %.1f MiB; after-GC peak %.0f vs %.0f MiB (x%.2f);"
                        + " pools' peak %.0f vs %.0f MiB (x%.2f)%n", minutes, longMinutes, s.liveGrowth(), l.liveGrowth(), s.afterGcPeak(),
                l.afterGcPeak(), l.afterGcPeak() / s.afterGcPeak(), s.poolPeak(), l.poolPeak(), l.poolPeak() / s.poolPeak());
        System.out.println("baseline: ffmpeg plays the same replay URIs in real time (it cannot send Rate-Control: no; Scale is 1.0 only),"
                + " timed on " + (int) base.footageSeconds() + " s of footage each, 4 at once; 'vs ffmpeg' = x realtime / ffmpeg's x realtime");
        System.out.println("wall s/cam: request to that camera's status done (polled every 100 ms); job s: until the signed package is done;"
                + " heap peak: heap pools' peaks or 50 ms samples, garbage included; after GC: most heap left by a JVM-chosen collection;"
                + " live grow: forced-GC samples every 5 s minus the live heap before; gateway and simulators share this JVM");
    }

    private static String mib(double v) {
        return "%.1f MiB".formatted(v);
    }

    private static String walls(double[] w) {
        double min = Double.MAX_VALUE;
        double mx = 0;
        for (double x : w) {
            min = Math.min(min, x);
            mx = Math.max(mx, x);
        }
        return w.length == 1 ? "%.1f".formatted(mx) : "%.1f-%.1f".formatted(min, mx);
    }
}

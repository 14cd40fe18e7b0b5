package io.warden.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.gateway.Gateway;
import io.warden.gateway.config.ConfigLoader;
import io.warden.gateway.config.GatewayConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * config/demo.yaml for a test run in a directory: the config's relative paths resolve against it, the
 * serial device is made absolute (the adapter opens it relative to the process's working directory),
 * and line-b, the ONVIF door controller and every simulated camera and NVR take free ports (a demo may be
 * running beside the test): a camera's RTSP takes the port after its HTTP port, so each gets a free pair. The MQTT
 * broker's port becomes one nobody listens on.
 * Also used by the benches (io.warden.gateway.bench), which run from the repository root or the module.
 */
public final class DemoTestConfig {
    private static final Pattern DEMO_PORT = Pattern.compile("port: (47[123]\\d\\d)\\b");
    private static final String MQTT_PORT = "port: 1883";

    private DemoTestConfig() {}

    static GatewayConfig in(Path dir) throws IOException {
        return in(dir, Path.of("..", "config", "demo.yaml"), UnaryOperator.identity());
    }

    /** As {@link #in(Path)} from {@code demoYaml}, its text changed by {@code edit} before the ports are. */
    public static GatewayConfig in(Path dir, Path demoYaml, UnaryOperator<String> edit) throws IOException {
        String yaml = edit.apply(Files.readString(demoYaml));
        assertThat(yaml).contains("device: data/demo/a").contains("port: 47101").contains("port: 47201")
                .contains("port: 47301");
        yaml = yaml.replace("device: data/demo/a", "device: " + dir.resolve("data/demo/a"));
        Map<String, Integer> ports = new HashMap<>();
        Set<Integer> taken = new HashSet<>();
        Matcher m = DEMO_PORT.matcher(yaml);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int port = ports.computeIfAbsent(m.group(1), p -> freePair(taken));
            m.appendReplacement(out, "port: " + port);
        }
        m.appendTail(out);
        // The demo's MQTT bridge goes to a port nobody listens on: a test neither touches the machine's broker (its
        // retained topics, the demo's client id) nor needs one; the bridge retries quietly.
        String text = out.toString();
        assertThat(text).contains(MQTT_PORT);
        text = text.replace(MQTT_PORT, "port: " + freePair(taken));
        Path file = dir.resolve("demo.yaml");
        Files.writeString(file, text);
        return ConfigLoader.load(file, Gateway.factories().keySet(), Map.of(), dir);
    }

    /** A free port whose next one is free too, neither handed out before. */
    private static int freePair(Set<Integer> taken) {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket a = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                int p = a.getLocalPort();
                if (p >= 65_535 || taken.contains(p) || taken.contains(p + 1)) continue;
                try (ServerSocket b = new ServerSocket(p + 1, 50, InetAddress.getLoopbackAddress())) {
                    taken.add(p);
                    taken.add(p + 1);
                    return p;
                } catch (IOException next) {
                    // the next port is in use: try another pair
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no two free ports in a row on 127.0.0.1");
    }
}

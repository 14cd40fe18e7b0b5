package io.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code warden serve --node}: the node id is checked with the config, before anything starts. */
class ServeCommandTest {
    private static final String CONFIG = """
            %s
            sites: [{id: s1, zones: [{id: z1}]}]
            controllers: [{id: c1, type: osdp, options: {transport: tcp, host: h, port: 4001, devices: [{address: 1}]}}]
            doors: [{id: d1, site: s1, zone: z1, controller: c1}]
            tokens: [{name: t1, role: admin, sha256: 91c16f0d6cc1bec3c3603972182a07c66ff4fa71618a975e963d6dbe42b6dd37}]
            """;

    @TempDir
    Path dir;

    private String serve(String cluster, String... more) throws Exception {
        Path file = dir.resolve("district.yaml");
        Files.writeString(file, CONFIG.formatted(cluster));
        StringWriter err = new StringWriter();
        CommandLine cmd = WardenMain.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        String[] args = new String[3 + more.length];
        args[0] = "serve";
        args[1] = "--config";
        args[2] = file.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        assertThat(cmd.execute(args)).isEqualTo(1);
        return err.toString();
    }

    @Test
    void aNodeIdForASingleNodeConfigIsRefused() throws Exception {
        assertThat(serve("", "--node", "hs-north")).contains("--node: only in cluster mode (the config has no cluster: section)");
    }

    @Test
    void aBadNodeIdIsRefusedNamingTheOption() throws Exception {
        String cluster = "cluster: {database: {host: 127.0.0.1, name: warden, user: warden}}";
        assertThat(serve(cluster, "--node", "HS North")).contains("--node: 'HS North' is not a valid node id").doesNotContain("cluster.node");
        assertThat(serve(cluster)).as("no --node and none in the file").contains("cluster.node: missing");
    }
}

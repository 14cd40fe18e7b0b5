package io.warden.gateway.integrations.siem;

import static io.warden.adapter.api.testing.Waits.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A syslog collector for tests, on loopback: TCP or TLS with octet counting (RFC 6587 / 5425), or UDP. It parses
 * each message strictly as RFC 5424 and fails loudly (a {@link #problems() problem}) on a bad frame or header, as a
 * strict collector would. It can be closed and opened again on the same port (a collector restart).
 */
final class SyslogTestCollector implements AutoCloseable {
    /** RFC 5424 §6 HEADER SP STRUCTURED-DATA [SP MSG], PRINTUSASCII fields with their length limits, TIME-SECFRAC ≤ 6 digits. */
    private static final Pattern RFC5424 = Pattern.compile("<(\\d{1,3})>1 (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,6})?(?:Z|[+-]\\d\\d:\\d\\d))"
            + " ([!-~]{1,255}) ([!-~]{1,48}) ([!-~]{1,128}) ([!-~]{1,32}) (-|(?:\\[[^]]*])+)(?: (.*))?", Pattern.DOTALL);
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** One parsed message; {@code msg} decoded as UTF-8 without its BOM, {@code bom} whether it had one. */
    record Message(int pri, String timestamp, String hostname, String appName, String procId, String msgId, String sd, String msg, boolean bom) {}

    private final Vertx vertx;
    private final Path[] tlsCert;
    private final boolean udp;
    private final List<Message> messages = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private NetServer server;
    private DatagramSocket datagrams;
    private int port;

    private SyslogTestCollector(Vertx vertx, boolean udp, Path[] tlsCert) {
        this.vertx = vertx;
        this.udp = udp;
        this.tlsCert = tlsCert;
    }

    static SyslogTestCollector tcp(Vertx vertx) {
        return new SyslogTestCollector(vertx, false, null).open(0);
    }

    /** TCP on a given port. */
    static SyslogTestCollector tcpOn(Vertx vertx, int port) {
        return new SyslogTestCollector(vertx, false, null).open(port);
    }

    /** TLS with {@code certAndKey} ({@code [cert.pem, key.pem]}). */
    static SyslogTestCollector tls(Vertx vertx, Path[] certAndKey) {
        return new SyslogTestCollector(vertx, false, certAndKey).open(0);
    }

    static SyslogTestCollector udp(Vertx vertx) {
        return new SyslogTestCollector(vertx, true, null).open(0);
    }

    /** Listens on {@code port} (0: a free one). */
    SyslogTestCollector open(int port) {
        if (udp) {
            datagrams = vertx.createDatagramSocket(new DatagramSocketOptions());
            datagrams.handler(p -> parse(p.data().getBytes()));
            await(datagrams.listen(port, "127.0.0.1"));
            this.port = datagrams.localAddress().port();
            return this;
        }
        NetServerOptions options = new NetServerOptions().setHost("127.0.0.1").setPort(port);
        if (tlsCert != null) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(tlsCert[0].toString()).setKeyPath(tlsCert[1].toString()));
        }
        server = vertx.createNetServer(options).connectHandler(this::accept);
        this.port = await(server.listen()).actualPort();
        return this;
    }

    /** Octet counting: {@code MSG-LEN SP SYSLOG-MSG}, MSG-LEN a non-zero digit then digits. */
    private void accept(NetSocket socket) {
        Buffer[] pending = {Buffer.buffer()};
        socket.handler(b -> {
            Buffer in = pending[0].appendBuffer(b);
            int at = 0;
            while (true) {
                int sp = -1;
                for (int i = at; i < in.length() && i < at + 11; i++) {
                    if (in.getByte(i) == ' ') {
                        sp = i;
                        break;
                    }
                }
                if (sp < 0) {
                    if (in.length() - at > 10) {
                        problem("no MSG-LEN in " + in.getString(at, Math.min(in.length(), at + 40)));
                        socket.close();
                    }
                    break;
                }
                String len = in.getString(at, sp, "US-ASCII");
                if (!len.matches("[1-9][0-9]*")) {
                    problem("bad MSG-LEN \"" + len + "\"");
                    socket.close();
                    return;
                }
                int n = Integer.parseInt(len);
                if (in.length() < sp + 1 + n) break;
                parse(in.getBytes(sp + 1, sp + 1 + n));
                at = sp + 1 + n;
            }
            pending[0] = in.getBuffer(at, in.length());
        });
    }

    private void parse(byte[] raw) {
        boolean bom = false;
        String text = new String(raw, StandardCharsets.UTF_8);
        Matcher m = RFC5424.matcher(text);
        if (!m.matches()) {
            problem("not RFC 5424: " + text);
            return;
        }
        String msg = m.group(8);
        if (msg != null) {
            byte[] b = msg.getBytes(StandardCharsets.UTF_8);
            if (b.length >= 3 && Arrays.equals(Arrays.copyOf(b, 3), BOM)) {
                bom = true;
                msg = msg.substring(1);
            }
        }
        synchronized (this) {
            messages.add(new Message(Integer.parseInt(m.group(1)), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), m.group(7), msg, bom));
        }
    }

    private synchronized void problem(String p) {
        problems.add(p);
    }

    synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /** The {@code seq=N} (kv) or {@code externalId=N} (CEF) of each message, in arrival order. */
    List<Long> seqs() {
        Pattern seq = Pattern.compile("(?:^seq=|externalId=)(\\d+)");
        return messages().stream().map(m -> {
            Matcher x = seq.matcher(m.msg());
            return x.find() ? Long.parseLong(x.group(1)) : -1L;
        }).toList();
    }

    int port() {
        return port;
    }

    /** Stops listening and drops every connection, as a collector that goes away does. */
    @Override
    public void close() {
        if (server != null) await(server.close());
        if (datagrams != null) await(datagrams.close());
        server = null;
        datagrams = null;
    }
}

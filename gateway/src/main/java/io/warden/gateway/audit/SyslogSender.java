package io.warden.gateway.audit;

import io.warden.gateway.syslog.SyslogMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;

/**
 * Sends one RFC 5424 syslog message per call to a collector, over UDP (one datagram) or TCP (octet
 * counting, RFC 6587; a connection per message, which suits a message a minute). Facility authpriv (10),
 * severity notice (5), formatted by {@link SyslogMessage}. Blocking: call on a worker thread.
 *
 * <pre>
 *   &lt;85&gt;1 2025-03-04T10:00:00.000000Z gw-host warden - audit.checkpoint - seq=.. hash=.. count=.. time=.. sig=..
 * </pre>
 */
public final class SyslogSender {
    private static final int TIMEOUT_MS = 3000;

    public enum Protocol { UDP, TCP }

    private final String host;
    private final int port;
    private final Protocol protocol;
    private String hostname; // resolved on the first send (a name lookup may block)

    public SyslogSender(String host, int port, Protocol protocol) {
        this.host = host;
        this.port = port;
        this.protocol = protocol;
    }

    /** Parse {@code udp} or {@code tcp}. */
    public static Protocol protocol(String name) {
        return Protocol.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    /** The RFC 5424 message for {@code msgId} and free text {@code text}. */
    SyslogMessage message(Instant time, String msgId, String text) {
        if (hostname == null) hostname = SyslogMessage.localHostname();
        return new SyslogMessage(SyslogMessage.AUTHPRIV, SyslogMessage.Severity.NOTICE, time, hostname, "warden", msgId, text);
    }

    /** Send one message; throws when the collector cannot be reached (TCP) or the datagram cannot be sent. */
    public void send(Instant time, String msgId, String text) throws IOException {
        SyslogMessage message = message(time, msgId, text);
        InetSocketAddress to = new InetSocketAddress(host, port);
        if (protocol == Protocol.UDP) {
            byte[] msg = message.bytes();
            try (DatagramSocket s = new DatagramSocket()) {
                s.send(new DatagramPacket(msg, msg.length, to));
            }
            return;
        }
        try (Socket s = new Socket()) {
            s.connect(to, TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            OutputStream out = s.getOutputStream();
            out.write(message.octetCounted());
            out.flush();
        }
    }

    @Override
    public String toString() {
        return protocol.name().toLowerCase(java.util.Locale.ROOT) + "://" + host + ":" + port;
    }
}

package io.warden.gateway.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks of {@code cluster:} and of the controllers' {@code node:} / {@code nodes:}; each problem is a
 * {@code path: problem} line, as {@link ConfigValidator}'s.
 */
final class ClusterValidator {
    /** A secret's name, as an environment variable is named: never a password itself. */
    static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-fA-F:.]+]");
    static final int MAX_NODE_ID = 63;
    static final String OSDP = "osdp";

    private final ConfigValidator base;
    private final List<String> problems;

    ClusterValidator(ConfigValidator base, List<String> problems) {
        this.base = base;
        this.problems = problems;
    }

    /**
     * @param c         the section, or null when absent (or when it did not bind: {@code present} tells)
     * @param present   whether the file has a {@code cluster:} key at all
     * @param nodeLabel where the node id came from, {@code cluster.node} or {@code --node}
     */
    void check(ClusterConfig c, boolean present, List<ControllerConfig> controllers, String nodeLabel) {
        if (c != null) section(c, nodeLabel);
        for (int i = 0; i < controllers.size(); i++) {
            ControllerConfig k = controllers.get(i);
            if (k != null) controller("controllers[" + i + "]", k, present);
        }
    }

    private void section(ClusterConfig c, String nodeLabel) {
        if (c.node() == null || c.node().isBlank()) {
            problems.add(nodeLabel + ": missing (this node's id, e.g. hs-north; `warden serve --node ID` may give it instead)");
        } else if (!ConfigValidator.ID.matcher(c.node()).matches() || c.node().length() > MAX_NODE_ID) {
            problems.add(nodeLabel + ": '" + c.node() + "' is not a valid node id: lower-case letters, digits, '-', '_' and '.', "
                    + "starting with a letter or digit, at most " + MAX_NODE_ID + " characters");
        }
        if (c.host().isBlank()) problems.add("cluster.host: must not be empty");
        else if (!validHost(c.host())) problems.add("cluster.host: '" + c.host() + "' is not a host name or IP address");
        else if (!c.loopback() && c.tls() == null && !c.allowPlaintext()) {
            problems.add("cluster.host: " + c.host() + " is not a loopback address and cluster.tls is not set, so door commands would"
                    + " cross the network in plaintext and anyone who can reach this node's event bus port could send them: configure"
                    + " cluster.tls, or set cluster.allowPlaintext: true to do so on purpose (a private network only)");
        }
        if (c.tls() != null) {
            base.readable("cluster.tls.cert", c.tls().cert());
            base.readable("cluster.tls.key", c.tls().key());
            base.readable("cluster.tls.ca", c.tls().ca());
        }
        base.range("cluster.port", c.port(), 1, 65_535);
        base.range("cluster.busPort", c.busPort(), 0, 65_535);
        base.range("cluster.leaseSeconds", c.leaseSeconds(), 3, 60);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < c.members().size(); i++) {
            String m = c.members().get(i);
            String at = "cluster.members[" + i + "]";
            String host = memberHost(m);
            if (host == null) {
                problems.add(at + ": '" + m + "' is not host:port (e.g. 10.20.0.11:5701)");
            } else if (!seen.add(m)) {
                problems.add(at + ": '" + m + "' is listed twice");
            } else if (!ClusterConfig.loopback(host) && c.tls() == null && !c.allowPlaintext()) {
                problems.add(at + ": " + m + " is not a loopback address and cluster.tls is not set, so door commands would cross"
                        + " the network in plaintext: configure cluster.tls, or set cluster.allowPlaintext: true to join it on purpose");
            }
        }
        database(c.database());
    }

    private void database(ClusterConfig.Database d) {
        String at = "cluster.database";
        if (d == null) {
            problems.add(at + ": missing (the shared PostgreSQL every node keeps the audit trail, leases and lockdowns in:"
                    + " host, name, user, passwordSecret)");
            return;
        }
        if (d.host() == null || d.host().isBlank()) problems.add(at + ".host: missing");
        else if (!validHost(d.host())) problems.add(at + ".host: '" + d.host() + "' is not a host name or IP address");
        base.range(at + ".port", d.port(), 1, 65_535);
        if (d.name() == null || d.name().isBlank()) problems.add(at + ".name: missing (the database's name, e.g. warden)");
        if (d.user() == null || d.user().isBlank()) problems.add(at + ".user: missing");
        if (d.passwordSecret() != null && !SECRET_NAME.matcher(d.passwordSecret()).matches()) {
            // never echo it: it may be the password itself
            problems.add(at + ".passwordSecret: must be the name of a secret (an environment variable or a secrets file key:"
                    + " letters, digits and '_'), never the password itself");
        }
        if (d.caFile() != null) {
            if (!d.ssl()) problems.add(at + ".caFile: only with ssl: true (it names the CA the server's certificate is verified against)");
            else base.readable(at + ".caFile", d.caFile());
        }
    }

    /** Once the secrets are known: the password reference must resolve (its value is never shown). */
    static void passwordResolves(ClusterConfig c, Secrets secrets, List<String> problems) {
        if (c == null || c.database() == null) return;
        String ref = c.database().passwordSecret();
        if (ref == null || !SECRET_NAME.matcher(ref).matches()) return;
        if (secrets.secret(ref).isEmpty()) {
            problems.add("cluster.database.passwordSecret: no secret '" + ref + "' (set the environment variable of that name"
                    + " or add it to the secrets file)");
        }
    }

    private void controller(String at, ControllerConfig k, boolean clustered) {
        boolean hasNodes = !k.nodes().isEmpty();
        if (!clustered) {
            if (k.node() != null) problems.add(at + ".node: only in cluster mode (there is no cluster: section)");
            if (hasNodes) problems.add(at + ".nodes: only in cluster mode (there is no cluster: section)");
            return;
        }
        if (k.node() != null && hasNodes) {
            problems.add(at + ".nodes: not together with node: a controller is wired to one node (node:) or may be owned by"
                    + " several (nodes:), not both");
        }
        if (k.node() != null) nodeId(at + ".node", k.node());
        for (int j = 0; j < k.nodes().size(); j++) nodeId(at + ".nodes[" + j + "]", k.nodes().get(j));
        if (k.node() == null && serialLine(k)) {
            problems.add(at + ".node: missing: a serial line can only be driven from the node it is wired to; name that node"
                    + " (node: <node id>)");
        }
    }

    private void nodeId(String at, String id) {
        if (id == null || id.isBlank()) problems.add(at + ": missing");
        else if (!ConfigValidator.ID.matcher(id).matches() || id.length() > MAX_NODE_ID) problems.add(at + ": '" + id + "' is not a valid node id");
    }

    /** An OSDP line on a serial port (its default transport), not through a serial device server. */
    static boolean serialLine(ControllerConfig k) {
        if (!OSDP.equals(k.type())) return false;
        Object transport = k.options().get("transport");
        return transport == null || "serial".equals(transport);
    }

    /** The host of {@code host:port} when it is well-formed, else null. */
    static String memberHost(String member) {
        if (member == null) return null;
        int colon = member.lastIndexOf(':');
        if (colon <= 0 || colon == member.length() - 1) return null;
        String host = member.substring(0, colon);
        String port = member.substring(colon + 1);
        if (!port.chars().allMatch(Character::isDigit) || port.length() > 5) return null;
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65_535) return null;
        if (IPV6.matcher(host).matches()) return host.substring(1, host.length() - 1);
        return validHost(host) && !host.contains(":") ? host : null;
    }

    static boolean validHost(String host) {
        return HOST_NAME.matcher(host).matches() || host.contains(":") && host.chars().allMatch(ch -> ch == ':' || ch == '.'
                || Character.digit(ch, 16) >= 0);
    }
}

package io.warden.gateway.config;

import io.warden.gateway.auth.Role;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks of {@code integrations:}; each problem is a {@code path: problem} line, as {@link ConfigValidator}'s.
 * They fail closed where a mistake would expose something: door commands from a broker anyone may publish on,
 * events or a password in plaintext across a network, a role with more than door control.
 */
final class IntegrationsValidator {
    static final int MAX_BUFFER = 1_000_000;
    /** Room for the levels Warden adds below it (site, door, {@code state}) within what brokers accept. */
    private static final int MAX_TOPIC_ROOT = 200;
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    /**
     * Top levels of Warden's own topics ({@code <base>/events/<type>}, {@code <base>/devices/<id>/availability}):
     * a site of that id would share them (see {@code integrations.mqtt.Topics}).
     */
    private static final Set<String> RESERVED_SITE_IDS = Set.of("events", "devices");

    private final ConfigValidator base;
    private final List<String> problems;

    IntegrationsValidator(ConfigValidator base, List<String> problems) {
        this.base = base;
        this.problems = problems;
    }

    /**
     * @param clusterPresent whether the file has a {@code cluster:} key (the node runs in a cluster)
     * @param sites          the site ids (those that did not bind too, so as not to report them twice)
     * @param doors          the doors as bound (null elements did not bind)
     * @param tokenNames     the API tokens' names: Home Assistant's principal must not be one of them
     */
    void check(IntegrationsConfig c, boolean clusterPresent, Set<String> sites, List<DoorConfig> doors, Set<String> tokenNames) {
        node(c, clusterPresent);
        if (c.mqtt() != null) mqtt(c.mqtt(), sites, doors, tokenNames);
        Map<String, String> ids = new HashMap<>();
        for (int i = 0; i < c.webhooks().size(); i++) {
            String at = "integrations.webhooks[" + i + "]";
            IntegrationsConfig.Webhook w = c.webhooks().get(i);
            if (w == null) problems.add(at + ": empty entry");
            else webhook(at, w, ids, sites);
        }
        ids.clear();
        for (int i = 0; i < c.siem().size(); i++) {
            String at = "integrations.siem[" + i + "]";
            IntegrationsConfig.Siem s = c.siem().get(i);
            if (s == null) problems.add(at + ": empty entry");
            else siem(at, s, ids);
        }
    }

    private void node(IntegrationsConfig c, boolean clustered) {
        String node = c.node();
        if (!clustered) {
            if (node != null) problems.add("integrations.node: only in cluster mode (there is no cluster: section; a single node runs its integrations itself)");
            return;
        }
        if (node == null || node.isBlank()) {
            if (c.any()) {
                problems.add("integrations.node: missing: in a cluster every node hears every record, so exactly one forwards them;"
                        + " name it (node: <node id>)");
            }
        } else if (!ConfigValidator.ID.matcher(node).matches() || node.length() > ClusterValidator.MAX_NODE_ID) {
            problems.add("integrations.node: '" + node + "' is not a valid node id");
        }
    }

    private void mqtt(IntegrationsConfig.Mqtt m, Set<String> sites, List<DoorConfig> doors, Set<String> tokenNames) {
        String at = "integrations.mqtt";
        boolean hostOk = host(at + ".host", m.host());
        base.range(at + ".port", m.port(), 1, 65_535);
        base.range(at + ".buffer", m.buffer(), 1, MAX_BUFFER);
        if (m.clientId() != null && !CLIENT_ID.matcher(m.clientId()).matches()) {
            problems.add(at + ".clientId: '" + m.clientId() + "' must be 1 to 128 letters, digits, '-', '_' or '.'");
        }
        topicRoot(at + ".baseTopic", m.baseTopic());
        caFile(at, m.caFile(), m.tls());
        boolean user = m.username() != null;
        if (user && m.username().isBlank()) problems.add(at + ".username: must not be empty");
        if (user && m.passwordSecret() == null) {
            problems.add(at + ".passwordSecret: missing: a username goes with its password (by secret name)");
        }
        if (!user && m.passwordSecret() != null) problems.add(at + ".username: missing: a password goes with a username");
        secretName(at + ".passwordSecret", m.passwordSecret(), "password");
        if (hostOk && !m.tls() && !m.allowPlaintext() && !m.loopback()) {
            problems.add(at + ".host: " + m.host() + " is not a loopback address and " + at + ".tls is not set, so the events"
                    + " (names, card numbers), door states" + (user ? " and the broker password" : "") + " would cross the network"
                    + " in plaintext: set tls: true (and caFile for a private CA), or allowPlaintext: true to do so on purpose");
        }
        for (String site : sites) {
            if (RESERVED_SITE_IDS.contains(site)) {
                problems.add(at + ": a site named '" + site + "' would share Warden's " + m.baseTopic() + "/" + site + "/... topics;"
                        + " rename the site (its id)");
            }
        }
        IntegrationsConfig.HomeAssistant ha = m.homeAssistant();
        if (ha == null) return;
        if (topicRoot(at + ".homeAssistant.prefix", ha.prefix()) && ha.prefix().equals(m.baseTopic())) {
            problems.add(at + ".homeAssistant.prefix: must differ from baseTopic ('" + m.baseTopic() + "'): discovery and state topics would mix");
        }
        if (ha.commands() != null) commands(at + ".homeAssistant.commands", ha.commands(), user, m.baseTopic(), doors, tokenNames);
    }

    private void commands(String at, IntegrationsConfig.Commands c, boolean brokerUser, String baseTopic, List<DoorConfig> doors,
                          Set<String> tokenNames) {
        if (c.principal() == null || c.principal().isBlank()) problems.add(at + ".principal: missing (the name commands are audited under, e.g. home-assistant)");
        else if (!ConfigValidator.ID.matcher(c.principal()).matches()) problems.add(at + ".principal: '" + c.principal() + "' " + ConfigValidator.ID_RULE);
        else if (tokenNames.contains(c.principal())) {
            problems.add(at + ".principal: '" + c.principal() + "' is also an API token's name: the audit trail could not tell Home Assistant's"
                    + " commands from that token holder's; give Home Assistant a name of its own");
        }
        role(at + ".role", c.role());
        if (!brokerUser) {
            problems.add(at + ": only with a broker that authenticates its clients: set integrations.mqtt.username and passwordSecret"
                    + " (and let the broker's ACL allow only Home Assistant's user to publish to " + baseTopic + "/+/+/set): on an"
                    + " anonymous broker anyone who reaches it could unlock doors");
        }
        if (c.doors().isEmpty()) problems.add(at + ".doors: at least one door (without any, leave commands out: every door is then read-only)");
        Set<String> known = new HashSet<>();
        for (DoorConfig d : doors) if (d != null && d.id() != null) known.add(d.id());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < c.doors().size(); i++) {
            String door = c.doors().get(i);
            if (door == null || !known.contains(door)) problems.add(at + ".doors[" + i + "]: no door '" + door + "'");
            else if (seen.putIfAbsent(door, i) != null) problems.add(at + ".doors[" + i + "]: '" + door + "' is listed twice (also doors[" + seen.get(door) + "])");
        }
    }

    /** The role commands run as: one that may lock and unlock, and not admin (least privilege; the role is what is audited). */
    private void role(String at, String role) {
        int before = problems.size();
        base.role(at, role);
        if (problems.size() > before) return;
        Role r = Role.parse(role);
        if (!r.allows(Role.Permission.DOOR_CONTROL)) {
            problems.add(at + ": '" + role + "' may not lock or unlock doors; use operator");
        } else if (r == Role.ADMIN) {
            problems.add(at + ": not admin: Home Assistant (and whoever can publish as it) needs door control only; use operator");
        }
    }

    private void webhook(String at, IntegrationsConfig.Webhook w, Map<String, String> ids, Set<String> sites) {
        base.id(at, w.id(), ids, "webhook");
        url(at + ".url", w.url(), w.allowPlaintext());
        events(at + ".events", w.events());
        if (w.site() != null && !sites.contains(w.site())) problems.add(at + ".site: no site '" + w.site() + "'");
        if (w.secret() == null) problems.add(at + ".secret: missing (the name of the secret the payloads are signed with)");
        secretName(at + ".secret", w.secret(), "signing secret");
        base.range(at + ".retryForSeconds", w.retryForSeconds(), 1, 604_800);
        base.range(at + ".timeoutSeconds", w.timeoutSeconds(), 1, 300);
        base.range(at + ".buffer", w.buffer(), 1, MAX_BUFFER);
    }

    private void url(String at, String text, boolean allowPlaintext) {
        if (text == null || text.isBlank()) {
            problems.add(at + ": missing (the http(s) URL events are POSTed to)");
            return;
        }
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            problems.add(at + ": not a URL (" + e.getReason() + ")"); // not echoed: it may hold a token
            return;
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || u.getHost() == null) {
            problems.add(at + ": must be an absolute http or https URL with a host");
        } else if (u.getRawUserInfo() != null) {
            problems.add(at + ": must not hold a user or password (secrets are referenced by name; the signature authenticates Warden)");
        } else if (u.getRawFragment() != null) {
            problems.add(at + ": must not have a fragment (#...): it is never sent");
        } else if (scheme.equals("http") && !allowPlaintext && !ClusterConfig.loopback(u.getHost())) {
            problems.add(at + ": plain http to " + u.getHost() + " would carry the events (names, card numbers) readable on the network:"
                    + " use https, or set allowPlaintext: true to do so on purpose");
        }
    }

    private void siem(String at, IntegrationsConfig.Siem s, Map<String, String> ids) {
        base.id(at, s.id(), ids, "siem");
        host(at + ".host", s.host());
        base.range(at + ".port", s.port(), 1, 65_535);
        if (!List.of("udp", "tcp", "tls").contains(s.protocol())) problems.add(at + ".protocol: must be udp, tcp or tls, not '" + s.protocol() + "'");
        if (!List.of("kv", "cef").contains(s.format())) problems.add(at + ".format: must be kv or cef, not '" + s.format() + "'");
        caFile(at, s.caFile(), "tls".equals(s.protocol()));
        events(at + ".events", s.events());
        base.range(at + ".buffer", s.buffer(), 1, MAX_BUFFER);
    }

    private boolean host(String at, String host) {
        if (host == null || host.isBlank()) {
            problems.add(at + ": missing");
            return false;
        }
        if (!ClusterValidator.validHost(host)) {
            problems.add(at + ": '" + host + "' is not a host name or IP address");
            return false;
        }
        return true;
    }

    private void caFile(String at, String caFile, boolean tls) {
        if (caFile == null) return;
        if (!tls) problems.add(at + ".caFile: only with TLS (it names the CA the far end's certificate is verified against)");
        else base.readable(at + ".caFile", caFile);
    }

    /** Event type prefixes: each like a type's start ({@code door.}, {@code lockdown.started}); no wildcards. */
    private void events(String at, List<String> events) {
        for (int i = 0; i < events.size(); i++) {
            String e = events.get(i);
            if (e == null || e.isBlank()) problems.add(at + "[" + i + "]: must not be empty (leave events out to send every event)");
            else if (!ConfigValidator.ID.matcher(e).matches()) {
                problems.add(at + "[" + i + "]: '" + e + "' is not an event type prefix such as door. or lockdown.started (no wildcards)");
            }
        }
    }

    /** A topic Warden publishes under: a valid MQTT topic name without wildcards, empty levels or {@code $}. */
    private boolean topicRoot(String at, String topic) {
        String why = null;
        if (topic.isEmpty()) why = "must not be empty";
        else if (topic.length() > MAX_TOPIC_ROOT) why = "is longer than " + MAX_TOPIC_ROOT + " characters";
        else if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) why = "must not hold the wildcards + or #";
        else if (topic.startsWith("/") || topic.endsWith("/")) why = "must not start or end with /";
        else if (topic.contains("//")) why = "must not have an empty level (//)";
        else if (topic.startsWith("$")) why = "must not start with $ (the broker's own topics)";
        else if (topic.chars().anyMatch(ch -> Character.isISOControl(ch) || Character.isWhitespace(ch))) {
            why = "must not hold spaces or control characters";
        }
        if (why != null) problems.add(at + ": '" + topic.replaceAll("\\p{Cntrl}", "?") + "' " + why);
        return why == null;
    }

    private void secretName(String at, String name, String what) {
        if (name != null && !ClusterValidator.SECRET_NAME.matcher(name).matches()) {
            // never echo it: it may be the secret itself
            problems.add(at + ": must be the name of a secret (an environment variable or a secrets file key: letters, digits"
                    + " and '_'), never the " + what + " itself");
        }
    }

    /** Every secret the section names resolves (named, never shown). */
    static void secretsResolve(IntegrationsConfig c, Secrets secrets, List<String> problems) {
        if (c.mqtt() != null) resolves("integrations.mqtt.passwordSecret", c.mqtt().passwordSecret(), secrets, problems);
        for (int i = 0; i < c.webhooks().size(); i++) {
            IntegrationsConfig.Webhook w = c.webhooks().get(i);
            if (w != null) resolves("integrations.webhooks[" + i + "].secret", w.secret(), secrets, problems);
        }
    }

    private static void resolves(String at, String name, Secrets secrets, List<String> problems) {
        if (name == null || !ClusterValidator.SECRET_NAME.matcher(name).matches()) return; // already reported
        if (secrets.secret(name).isEmpty()) {
            problems.add(at + ": no secret '" + name + "' (set the environment variable of that name or add it to the secrets file)");
        }
    }
}

package io.warden.gateway.integrations.mqtt;

import io.vertx.core.Future;
import io.warden.adapter.api.DoorCommand;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.config.IntegrationsConfig;
import io.warden.gateway.door.DoorInfo;
import io.warden.gateway.door.DoorView;
import io.warden.gateway.integrations.IntegrationContext;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Door commands from Home Assistant ({@code <base>/<site>/<door>/set}): LOCK locks; UNLOCK is a buzz-in, the door's
 * configured pulse, never an unlock that stays (HA's lock card would otherwise leave a door open until someone
 * notices). Carried out as the configured principal, source {@code mqtt}: the door service then checks lockdowns
 * (a lockdown refuses the pulse) and audits the command as it does for the API.
 *
 * <p>Refused, and audited as {@value #REFUSED} (actor = the principal, result {@code refused}, detail = why): no
 * commands configured, a retained message (it may be old), a topic that names no door, a door not in
 * {@code commands.doors}, a payload other than LOCK / UNLOCK, a role without door control. No payload maps to a
 * lockdown or its release. What the sender wrote (topic, payload) is quoted shortened and with control characters
 * replaced, since anyone with write access to the topic chooses it. A flood costs bounded work: at most
 * {@value #MAX_IN_FLIGHT} commands are carried out at a time (more are refused), and beyond the first refusals of
 * each window only a count is written ({@link CommandRefusalBudget}: one {@value #REFUSED}{@code .summary} record).
 */
final class HomeAssistantCommands {
    static final String REFUSED = "integration.command_refused";
    static final String SUMMARY = REFUSED + ".summary";
    static final String SOURCE = "mqtt";
    /** Commands carried out at once at most: a person taps a lock in HA; a stream of commands is a fault or an attack. */
    static final int MAX_IN_FLIGHT = 8;
    /** The principal when the config names none (the validator requires one; this only keeps a bad config harmless). */
    static final String DEFAULT_PRINCIPAL = "home-assistant";
    private static final int QUOTED_MAX = 64;
    private static final Logger log = LoggerFactory.getLogger(HomeAssistantCommands.class);

    private final IntegrationContext ctx;
    private final IntegrationsConfig.Commands config;
    private final Topics topics;
    private final Principal principal;
    /** Why the configured role cannot command doors, or null. */
    private final String roleProblem;
    private final Set<String> enabled;
    private final CommandRefusalBudget budget;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean summaryDue = new AtomicBoolean();

    /** @param config the commands section, or null when Home Assistant may not command doors */
    HomeAssistantCommands(IntegrationContext ctx, IntegrationsConfig.Commands config, Topics topics) {
        this(ctx, config, topics, new CommandRefusalBudget(CommandRefusalBudget.WINDOW, CommandRefusalBudget.IN_FULL, System::nanoTime));
    }

    HomeAssistantCommands(IntegrationContext ctx, IntegrationsConfig.Commands config, Topics topics, CommandRefusalBudget budget) {
        this.ctx = ctx;
        this.budget = budget;
        this.config = config;
        this.topics = topics;
        this.enabled = config == null ? Set.of() : Set.copyOf(config.doors());
        String name = config == null || config.principal() == null || config.principal().isBlank() ? DEFAULT_PRINCIPAL : config.principal();
        Role role = null;
        String problem = null;
        try {
            role = config == null ? Role.VIEWER : Role.parse(config.role());
            if (!role.allows(Role.Permission.DOOR_CONTROL)) problem = "role '" + role.id() + "' may not lock or unlock doors";
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        this.principal = new Principal(name, role == null ? Role.VIEWER : role);
        this.roleProblem = problem;
    }

    /** Never fails: the outcome is in the audit trail (refusals here, the rest by the door service). */
    Future<Void> handle(String topic, String payload, boolean retained) {
        DoorInfo door = door(topic);
        String action = actionOf(payload);
        String why = refusal(topic, payload, retained, door);
        if (why != null) return refuse(door, action, why);
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            return refuse(door, action, MAX_IN_FLIGHT + " commands from Home Assistant are being carried out already; this one is not");
        }
        DoorCommand command = HomeAssistant.LOCK.equals(payload) ? new DoorCommand.Lock() : new DoorCommand.Pulse(door.pulse());
        return ctx.doors().execute(door.id(), command, principal, SOURCE)
                .onComplete(x -> inFlight.decrementAndGet())
                .onFailure(e -> log.info("event=ha_command_failed door={} action={} error=\"{}\"", door.id(), action, e.getMessage()))
                .<Void>mapEmpty()
                .otherwiseEmpty();
    }

    private String refusal(String topic, String payload, boolean retained, DoorInfo door) {
        if (config == null) return "Home Assistant commands are off (integrations.mqtt.homeAssistant.commands is not set)";
        if (retained) return "a retained message is never carried out, it may be old (clear it on the broker); topic " + quoted(topic);
        if (door == null) return "topic " + quoted(topic) + " names no door of this gateway";
        if (!enabled.contains(door.id())) {
            return "door %s is not enabled for Home Assistant commands (integrations.mqtt.homeAssistant.commands.doors)".formatted(door.id());
        }
        if (actionOf(payload) == null) return "payload " + quoted(payload) + " is neither LOCK nor UNLOCK";
        return roleProblem;
    }

    private Future<Void> refuse(DoorInfo door, String action, String why) {
        Instant now = ctx.clock().instant();
        if (!budget.take(now, why)) {
            if (summaryDue.compareAndSet(false, true)) ctx.vertx().setTimer(Math.max(1, budget.untilWindowEnds().toMillis()), t -> summarise());
            return Future.succeededFuture();
        }
        AuditEntry e = new AuditEntry(now, REFUSED, principal.name(), SOURCE, door == null ? null : door.site(),
                door == null ? null : door.zone(), door == null ? null : door.id(), null, null, action == null ? "command" : action, "refused", why);
        log.info("event=ha_command_refused door={} reason=\"{}\"", door == null ? "-" : door.id(), why);
        return ctx.audit().append(e)
                .onFailure(err -> log.error("event=ha_refusal_unrecorded entry=\"{}\" error=\"{}\"", e, err.toString()))
                .<Void>mapEmpty()
                .otherwiseEmpty();
    }

    /** Writes the refusals counted since the last summary as one record (and one log line). */
    private void summarise() {
        summaryDue.set(false);
        CommandRefusalBudget.Summary s = budget.takeSummary();
        if (s == null) return;
        String detail = "count=%d first=%s last=%s: refused commands not recorded one by one (at most %d a window); the last: %s"
                .formatted(s.count(), s.first(), s.last(), CommandRefusalBudget.IN_FULL, s.lastReason());
        log.warn("event=ha_commands_refused_summary principal={} count={} first={} last={}", principal.name(), s.count(), s.first(), s.last());
        ctx.audit().append(new AuditEntry(ctx.clock().instant(), SUMMARY, principal.name(), SOURCE, null, null, null, null, null, "command",
                        "refused", detail))
                .onFailure(err -> log.error("event=ha_refusal_summary_unrecorded count={} error=\"{}\"", s.count(), err.toString()));
    }

    /** The door {@code <base>/<site>/<door>/set} names, when it exists and is in that site; else null. */
    private DoorInfo door(String topic) {
        String head = topics.base() + "/";
        String tail = "/set";
        if (topic == null || !topic.startsWith(head) || !topic.endsWith(tail) || topic.length() <= head.length() + tail.length()) return null;
        String middle = topic.substring(head.length(), topic.length() - tail.length());
        int slash = middle.indexOf('/');
        if (slash <= 0 || slash != middle.lastIndexOf('/') || slash == middle.length() - 1) return null;
        String site = middle.substring(0, slash);
        return ctx.doors().door(middle.substring(slash + 1)).map(DoorView::info).filter(d -> site.equals(d.site())).orElse(null);
    }

    /** In single quotes, at most {@value #QUOTED_MAX} characters, control characters as {@code ?}. */
    static String quoted(String s) {
        if (s == null) return "(none)";
        StringBuilder b = new StringBuilder("'");
        s.codePoints().limit(QUOTED_MAX).forEach(c -> b.appendCodePoint(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c));
        if (s.codePointCount(0, s.length()) > QUOTED_MAX) b.append("...");
        return b.append('\'').toString();
    }

    /** The payload's action for the trail: {@code lock}, {@code pulse}, or null for anything else (exact match only). */
    private static String actionOf(String payload) {
        if (HomeAssistant.LOCK.equals(payload)) return "lock";
        if (HomeAssistant.UNLOCK.equals(payload)) return "pulse";
        return null;
    }
}

package io.warden.gateway.access;

import io.warden.gateway.people.Directory;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * When something is open: a weekly schedule in a site's local time, with the school calendar's
 * exceptions (closed on holidays and breaks, other hours on early-release days). Compiled from the
 * config by {@link Schedules}; pure and thread-safe.
 */
public interface Schedule {

    String id();

    /** Open at {@code at}, as a clock on the wall in {@code zone} reads it, with {@code calendar}'s exceptions. */
    boolean isOpen(Instant at, ZoneId zone, Directory calendar);

    /** The first instant after {@code after} at which {@link #isOpen} changes, looking at most 400 days ahead; empty if it never does. */
    Optional<Instant> nextChange(Instant after, ZoneId zone, Directory calendar);

    /** Open every minute of every day, holidays too. */
    Schedule ALWAYS = new Schedule() {
        @Override
        public String id() {
            return "always";
        }

        @Override
        public boolean isOpen(Instant at, ZoneId zone, Directory calendar) {
            return true;
        }

        @Override
        public Optional<Instant> nextChange(Instant after, ZoneId zone, Directory calendar) {
            return Optional.empty();
        }
    };
}

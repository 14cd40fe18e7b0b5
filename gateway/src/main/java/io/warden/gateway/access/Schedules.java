package io.warden.gateway.access;

import io.warden.gateway.config.AccessConfig;
import io.warden.gateway.people.CalendarDay;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The config's schedules compiled for evaluation, by id, {@code always} included. */
public final class Schedules {
    private Schedules() {}

    /**
     * Compiles validated schedule configs (the config loader has already reported bad ones); a bad
     * one here is a bug: IllegalArgumentException naming the schedule.
     */
    public static Map<String, Schedule> compile(List<AccessConfig.Schedule> configs) {
        Map<String, Schedule> out = new LinkedHashMap<>();
        out.put(Schedule.ALWAYS.id(), Schedule.ALWAYS);
        for (AccessConfig.Schedule c : configs) {
            try {
                if (out.put(c.id(), weekly(c)) != null) throw new IllegalArgumentException("duplicate id");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("schedule '" + c.id() + "': " + e.getMessage(), e);
            }
        }
        return Map.copyOf(out);
    }

    private static Schedule weekly(AccessConfig.Schedule c) {
        Map<DayOfWeek, List<WeeklySchedule.Window>> week = new EnumMap<>(DayOfWeek.class);
        for (AccessConfig.Hours h : c.hours()) {
            WeeklySchedule.Window w = window(h);
            for (String d : h.days()) week.computeIfAbsent(AccessConfig.Hours.day(d), k -> new ArrayList<>()).add(w);
        }
        List<WeeklySchedule.Window> early = null;
        if (c.earlyRelease() != null) {
            early = new ArrayList<>();
            for (AccessConfig.Hours h : c.earlyRelease()) early.add(window(h));
        }
        Set<CalendarDay.Kind> closed = new HashSet<>();
        for (String k : c.closedOn()) closed.add(CalendarDay.Kind.parse(k));
        return new WeeklySchedule(c.id(), week, early, closed);
    }

    private static WeeklySchedule.Window window(AccessConfig.Hours h) {
        int from = AccessConfig.Hours.minuteOfDay(h.from());
        int to = AccessConfig.Hours.minuteOfDay(h.to());
        if (from >= to) throw new IllegalArgumentException("from " + h.from() + " is not before to " + h.to());
        return new WeeklySchedule.Window(from, to);
    }
}

package io.warden.gateway.access;

import java.time.Instant;
import java.util.List;

/**
 * The questions people ask of the access rules, answered from memory with the same rules decisions
 * use (lockdowns included when {@code at} is now or later and one is active).
 */
public interface AccessQuestions {

    /** Someone who can open a door at an instant, and through which group and schedule. */
    record PersonAccess(String personId, String name, String kind, List<String> cards, String group, String schedule) {}

    /** A door a card can open at an instant, and through which group and schedule. */
    record DoorAccess(String doorId, String doorName, String group, String schedule) {}

    /** Active people with an active card who could open {@code doorId} at {@code at}, by name. NOT_FOUND for an unknown door. */
    List<PersonAccess> whoCanOpen(String doorId, Instant at);

    /** The doors {@code cardId} could open at {@code at}, in config order; empty for a card that opens nothing. NOT_FOUND for an unknown card. */
    List<DoorAccess> whatCanOpen(String cardId, Instant at);
}

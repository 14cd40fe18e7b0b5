package io.warden.gateway.api;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.access.AccessQuestions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Answers set by the test, NOT_FOUND for anything else (as the real one for an unknown door or card); records each question's instant. */
final class FakeAccessQuestions implements AccessQuestions {
    final Map<String, List<PersonAccess>> byDoor;
    final Map<String, List<DoorAccess>> byCard;
    final List<Instant> asked = new CopyOnWriteArrayList<>();

    FakeAccessQuestions(Map<String, List<PersonAccess>> byDoor, Map<String, List<DoorAccess>> byCard) {
        this.byDoor = byDoor;
        this.byCard = byCard;
    }

    @Override
    public List<PersonAccess> whoCanOpen(String doorId, Instant at) {
        asked.add(at);
        List<PersonAccess> out = byDoor.get(doorId);
        if (out == null) throw new WardenException(ErrorCode.NOT_FOUND, "no door '" + doorId + "'");
        return out;
    }

    @Override
    public List<DoorAccess> whatCanOpen(String cardId, Instant at) {
        asked.add(at);
        List<DoorAccess> out = byCard.get(cardId);
        if (out == null) throw new WardenException(ErrorCode.NOT_FOUND, "no card '" + cardId + "'");
        return out;
    }
}

package io.warden.gateway.people;

import java.util.Objects;

/**
 * A card assigned to a person.
 *
 * @param id       the canonical card id ({@link io.warden.adapter.api.CardNumber#id()}), e.g. {@code H10301:40:6789}
 * @param personId whose card it is
 */
public record Card(String id, String personId, CardStatus status) {
    public Card {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(personId, "personId");
        Objects.requireNonNull(status, "status");
    }
}

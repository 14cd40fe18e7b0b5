package io.warden.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.api.ErrorCode;
import io.warden.gateway.PolicyCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every code a door command can fail with (any adapter error, any gateway refusal) is declared in
 * {@code openapi.yaml} for lock, unlock and pulse, under the status the one mapping
 * ({@link Problems}) gives it, and that response names the code.
 */
class DoorCommandErrorsContractTest {
    /** Codes a door command cannot end with: they belong to footage jobs. */
    private static final Set<String> NOT_FROM_DOOR_COMMANDS = Set.of("STORAGE_FULL", "CONFLICT");

    @Test
    @SuppressWarnings("unchecked")
    void doorCommandsDeclareEveryCodeUnderItsStatus() throws Exception {
        Map<String, Object> doc = ContractDocument.read();
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
        Map<String, Map<String, Object>> shared = (Map<String, Map<String, Object>>) ((Map<String, Object>) doc.get("components")).get("responses");
        Map<String, Integer> codes = new LinkedHashMap<>();
        for (ErrorCode c : ErrorCode.values()) codes.put(c.name(), Problems.status(c));
        for (PolicyCode c : PolicyCode.values()) codes.put(c.name(), Problems.status(c));
        codes.keySet().removeAll(NOT_FROM_DOOR_COMMANDS);
        for (String action : new String[] {"lock", "unlock", "pulse"}) {
            Map<String, Object> op = (Map<String, Object>) paths.get("/api/v1/doors/{id}/" + action).get("post");
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) op.get("responses");
            codes.forEach((code, status) -> {
                Map<String, Object> r = responses.get(String.valueOf(status));
                assertThat(r).as(action + " declares " + status + " for " + code).isNotNull();
                String ref = String.valueOf(r.get("$ref"));
                Map<String, Object> declared = shared.get(ref.substring(ref.lastIndexOf('/') + 1));
                assertThat(String.valueOf(declared.get("description"))).as(action + " " + status + " names " + code).contains(code);
            });
        }
    }
}

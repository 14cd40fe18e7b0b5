package io.warden.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** {@code openapi.yaml} as the server loads it, as plain maps, for tests driven by the contract. */
final class ContractDocument {
    private ContractDocument() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> read() throws IOException {
        try (InputStream in = ApiServer.class.getClassLoader().getResourceAsStream(ApiServer.CONTRACT_RESOURCE)) {
            return new ObjectMapper(new YAMLFactory()).readValue(in, Map.class);
        }
    }
}

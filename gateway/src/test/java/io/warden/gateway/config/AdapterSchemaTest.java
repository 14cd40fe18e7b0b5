package io.warden.gateway.config;

import static io.warden.gateway.config.GatewayConfigTest.CONFIG_DIR;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DeviceAdapterFactory;
import io.warden.gateway.Gateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * config/adapters.schema.json is generated from the adapters' declared options
 * ({@link DeviceAdapterFactory#options()}, {@link DeviceAdapterFactory#pointOptions()}), so the
 * schema cannot drift from what the adapters parse. When a declaration changes, regenerate it:
 * <pre>
 * mvn -B -o -q -pl gateway -am verify -Dtest=AdapterSchemaTest -Dsurefire.failIfNoSpecifiedTests=false -Dwarden.writeSchema=true
 * </pre>
 */
class AdapterSchemaTest {
    static final Path FILE = CONFIG_DIR.resolve("adapters.schema.json");
    static final String REGENERATE = "mvn -B -o -q -pl gateway -am verify -Dtest=AdapterSchemaTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dwarden.writeSchema=true";

    /** The schema of every declared adapter type: {@code <type>} for options, {@code <type>Point} for door wiring. */
    static JsonObject generate(Map<String, DeviceAdapterFactory> factories) {
        JsonObject defs = new JsonObject();
        JsonArray byType = new JsonArray();
        JsonArray points = new JsonArray();
        new TreeMap<>(factories).forEach((type, f) -> {
            f.options().ifPresent(o -> {
                defs.put(type, o.jsonSchema());
                byType.add(new JsonObject()
                        .put("if", new JsonObject().put("properties", new JsonObject().put("type", new JsonObject().put("const", type))).put("required", new JsonArray().add("type")))
                        .put("then", new JsonObject().put("properties", new JsonObject().put("options", new JsonObject().put("$ref", "#/$defs/" + type)))));
            });
            f.pointOptions().ifPresent(p -> {
                defs.put(type + "Point", p.jsonSchema());
                points.add(new JsonObject().put("$ref", "#/$defs/" + type + "Point"));
            });
        });
        defs.put("byType", new JsonObject().put("description", "a controller's or camera's options as the adapter of its type reads them").put("allOf", byType));
        defs.put("point", new JsonObject().put("description", "a door's wiring as the adapter of its controller reads it").put("anyOf", points));
        return new JsonObject()
                .put("$schema", "https://json-schema.org/draft/2020-12/schema")
                .put("$id", "https://github.com/warden-gateway/warden/config/adapters.schema.json")
                .put("title", "Warden adapter options")
                .put("description", "GENERATED from the adapters' declared options; do not edit. Regenerate: " + REGENERATE)
                .put("$defs", defs);
    }

    @Test
    void theCheckedInSchemaIsTheAdaptersDeclarations() throws Exception {
        String generated = generate(Gateway.factories()).encodePrettily() + "\n";
        if (Boolean.getBoolean("warden.writeSchema")) Files.writeString(FILE, generated);
        assertThat(Files.readString(FILE))
                .as("config/adapters.schema.json differs from the adapters' declarations; regenerate it with: " + REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void theDeclaredTypesAreAllThere() {
        JsonObject defs = generate(Gateway.factories()).getJsonObject("$defs");
        assertThat(defs.fieldNames()).contains("osdp", "osdpPoint", "onvif");
        assertThat(defs.getJsonObject("osdp").getJsonObject("properties").getJsonObject("baud").getJsonArray("enum"))
                .containsExactly(9600, 19200, 38400, 57600, 115200, 230400);
    }
}

package io.warden.adapter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdapterOptionsTest {
    private static final AdapterOptions ITEM = AdapterOptions.of(AdapterOption.integer("n", 0, 9, "n").required());
    private static final AdapterOptions LINE = AdapterOptions.of(
            AdapterOption.choice("transport", List.of("serial", "tcp"), "how").withDefault("serial"),
            AdapterOption.text("device", "serial only").requiredWhen("transport", "serial"),
            AdapterOption.integer("port", 1, 65_535, "tcp only").requiredWhen("transport", "tcp"),
            AdapterOption.integerOf("baud", List.of(9600, 19200), "rate").withDefault(9600),
            AdapterOption.bool("install", "flag").withDefault(false),
            AdapterOption.list("items", 1, ITEM, "items"));

    private static String error(JsonObject given) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> LINE.read(given, "controllers[2].options"));
        assertThat(t).isInstanceOf(WardenException.class);
        assertThat(((WardenException) t).code()).isEqualTo(ErrorCode.BAD_CONFIG);
        return t.getMessage();
    }

    @Test
    void readsValuesWithTheirDefaults() {
        AdapterOptions.Values v = LINE.read(new JsonObject().put("device", " /dev/ttyS0 ")
                .put("items", new JsonArray().add(new JsonObject().put("n", 3))), "c");
        assertThat(v.text("transport")).isEqualTo("serial");
        assertThat(v.text("device")).isEqualTo("/dev/ttyS0");
        assertThat(v.integer("baud", 0)).isEqualTo(9600);
        assertThat(v.bool("install")).isFalse();
        assertThat(v.has("port")).isFalse();
        assertThat(v.list("items")).singleElement().satisfies(i -> {
            assertThat(i.integer("n", -1)).isEqualTo(3);
            assertThat(i.path("n")).isEqualTo("c.items[0].n");
        });
    }

    @Test
    void everyErrorNamesItsPath() {
        JsonObject serial = new JsonObject().put("device", "/dev/ttyS0");
        assertThat(error(new JsonObject())).isEqualTo("controllers[2].options.device: missing (needed with transport: serial)");
        assertThat(error(new JsonObject().put("transport", "tcp"))).isEqualTo("controllers[2].options.port: missing (needed with transport: tcp)");
        assertThat(error(serial.copy().put("baud", 4800))).isEqualTo("controllers[2].options.baud: must be one of 9600, 19200, not 4800");
        assertThat(error(serial.copy().put("baud", 9600.5))).isEqualTo("controllers[2].options.baud: must be a whole number, not 9600.5");
        assertThat(error(serial.copy().put("bauds", 9600))).isEqualTo("controllers[2].options.bauds: unknown key (known: baud, device, install, items, port, transport)");
        assertThat(error(serial.copy().put("install", "yes"))).isEqualTo("controllers[2].options.install: must be true or false");
        assertThat(error(serial.copy().put("device", " "))).isEqualTo("controllers[2].options.device: must not be blank");
        assertThat(error(serial.copy().put("items", new JsonArray()))).isEqualTo("controllers[2].options.items: needs at least 1 item");
        assertThat(error(serial.copy().put("items", new JsonArray().add(new JsonObject().put("n", 10)))))
                .isEqualTo("controllers[2].options.items[0].n: must be between 0 and 9, not 10");
        assertThat(error(serial.copy().put("items", new JsonArray().add(new JsonObject())))).isEqualTo("controllers[2].options.items[0].n: missing");
        assertThat(error(serial.copy().put("items", new JsonArray().add(1)))).isEqualTo("controllers[2].options.items[0]: must be a mapping");
    }

    @Test
    void aDeclarationMustBeConsistent() {
        assertThatThrownBy(() -> AdapterOptions.of(AdapterOption.integer("n", 0, 9, "n").withDefault(10)))
                .isInstanceOf(WardenException.class).hasMessageContaining("default of n");
        assertThatThrownBy(() -> AdapterOptions.of(AdapterOption.bool("a", ""), AdapterOption.bool("a", "")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdapterOptions.of(AdapterOption.bool("a", "").requiredWhen("b", true)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSchemaSaysWhatTheParserChecks() {
        JsonObject s = LINE.jsonSchema();
        assertThat(s.getBoolean("additionalProperties")).isFalse();
        JsonObject p = s.getJsonObject("properties");
        assertThat(p.getJsonObject("baud").getJsonArray("enum")).containsExactly(9600, 19200);
        assertThat(p.getJsonObject("baud").getInteger("default")).isEqualTo(9600);
        assertThat(p.getJsonObject("port").getLong("maximum")).isEqualTo(65_535L);
        assertThat(p.getJsonObject("items").getJsonObject("items").getJsonArray("required")).containsExactly("n");
        JsonArray conditions = s.getJsonArray("allOf");
        // transport's default is serial: the device condition must hold when transport is left out, so it does not require transport
        assertThat(conditions.getJsonObject(0).getJsonObject("if").containsKey("required")).isFalse();
        assertThat(conditions.getJsonObject(0).getJsonObject("then").getJsonArray("required")).containsExactly("device");
        assertThat(conditions.getJsonObject(1).getJsonObject("if").getJsonArray("required")).containsExactly("transport");
    }
}

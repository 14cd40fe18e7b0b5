package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Says whether an HTTP answer is one the API can give, by {@code openapi.yaml}: the operation exists,
 * it declares the status (or a default), the content type is one it declares for that status, and a
 * JSON body (problems included) matches the declared schema. Tests that fake the gateway (the CLI's
 * WireMock stubs) run every answer through it, so they cannot test against answers the API never gives.
 */
public final class OpenApiAnswerCheck {
    private static final Set<String> JSON_TYPES = Set.of("application/json", "application/problem+json");
    private static OpenApiAnswerCheck loaded;

    private final JsonObject raw;
    private final OpenAPIContract contract;
    private final ResponseValidator validator;

    private OpenApiAnswerCheck(JsonObject raw, OpenAPIContract contract, ResponseValidator validator) {
        this.raw = raw;
        this.contract = contract;
        this.validator = validator;
    }

    /** The check for the gateway's own contract (read from the classpath once per JVM). */
    public static synchronized OpenApiAnswerCheck gatewayContract() {
        if (loaded == null) {
            // One small Vert.x for the validator's futures; it lives as long as the test JVM.
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
            JsonObject raw = readContract();
            // The first load in a JVM compiles the whole document: slow on a busy machine.
            OpenAPIContract contract = await(OpenAPIContract.from(vertx, forValidator(raw)), Duration.ofSeconds(90));
            loaded = new OpenApiAnswerCheck(raw, contract, ResponseValidator.create(vertx, contract));
        }
        return loaded;
    }

    /**
     * What is wrong with answering {@code method path} (query allowed) with this status, content type
     * and body; null when the contract allows it.
     */
    public String violation(String method, String path, int status, String contentType, byte[] body) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        Operation op = contract.findOperation(bare, HttpMethod.valueOf(method));
        if (op == null) return "no operation " + method + " " + bare + " in openapi.yaml";
        JsonObject responses = raw.getJsonObject("paths").getJsonObject(op.getOpenAPIPath())
                .getJsonObject(method.toLowerCase()).getJsonObject("responses");
        JsonObject declared = resolve(responses.getJsonObject(String.valueOf(status), responses.getJsonObject("default")));
        String where = op.getOperationId() + " (" + method + " " + op.getOpenAPIPath() + ")";
        if (declared == null) return where + " declares no status " + status;
        JsonObject content = declared.getJsonObject("content");
        boolean hasBody = body != null && body.length > 0;
        if (content == null || content.isEmpty()) {
            return hasBody ? where + " " + status + " has no body, the stub sends one" : null;
        }
        String type = contentType == null ? null : contentType.split(";")[0].trim().toLowerCase();
        if (type == null || !content.containsKey(type)) {
            return where + " " + status + " is " + content.fieldNames() + ", the stub sends " + contentType;
        }
        if (!JSON_TYPES.contains(type)) return null;
        Buffer json = Buffer.buffer(hasBody ? body : new byte[0]);
        Future<?> checked = validator.validate(ValidatableResponse.create(status, Map.of(), json, "application/json"), op.getOperationId());
        try {
            await(checked);
            return null;
        } catch (AssertionError failed) {
            Throwable why = failed.getCause() == null ? failed : failed.getCause();
            return where + " " + status + " body does not match its schema: " + why.getMessage() + " in " + json;
        }
    }

    /** Follows a {@code $ref} to components/responses. */
    private JsonObject resolve(JsonObject response) {
        if (response == null || !response.containsKey("$ref")) return response;
        String name = response.getString("$ref").substring("#/components/responses/".length());
        return raw.getJsonObject("components").getJsonObject("responses").getJsonObject(name);
    }

    /**
     * The validator knows JSON only: problems are validated as JSON, and the other media types
     * (CSV, NDJSON, SSE, YAML, JPEG, ZIP) are checked by name alone. Request bodies are left out.
     */
    private static JsonObject forValidator(JsonObject raw) {
        JsonObject copy = raw.copy();
        JsonObject paths = copy.getJsonObject("paths");
        for (String p : paths.fieldNames()) {
            for (String m : paths.getJsonObject(p).fieldNames()) {
                if (paths.getJsonObject(p).getValue(m) instanceof JsonObject op && op.containsKey("responses")) {
                    op.remove("requestBody"); // answers only; the imports' CSV, zip and iCalendar bodies would not load
                    JsonObject rs = op.getJsonObject("responses");
                    for (String status : rs.fieldNames()) onlyJson(rs.getJsonObject(status));
                }
            }
        }
        JsonObject shared = copy.getJsonObject("components").getJsonObject("responses", new JsonObject());
        for (String name : shared.fieldNames()) onlyJson(shared.getJsonObject(name));
        return copy;
    }

    private static void onlyJson(JsonObject response) {
        JsonObject content = response.getJsonObject("content");
        if (content == null) return;
        JsonObject kept = new JsonObject();
        for (String type : JSON_TYPES) {
            if (content.containsKey(type)) kept.put("application/json", content.getValue(type));
        }
        if (kept.isEmpty()) response.remove("content");
        else response.put("content", kept);
    }

    private static JsonObject readContract() {
        try (InputStream in = OpenApiAnswerCheck.class.getClassLoader().getResourceAsStream(ApiServer.CONTRACT_RESOURCE)) {
            if (in == null) throw new IllegalStateException(ApiServer.CONTRACT_RESOURCE + " missing from the classpath");
            @SuppressWarnings("unchecked")
            Map<String, Object> tree = new ObjectMapper(new YAMLFactory()).readValue(in, Map.class);
            return new JsonObject(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

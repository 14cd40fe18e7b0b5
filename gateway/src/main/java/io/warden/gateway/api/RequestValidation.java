package io.warden.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidationContext;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.analyser.ContentAnalyser;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a request against its operation in the contract, on the event loop: each parameter's
 * type and schema, the body's syntax and schema. It makes the same checks, in the same order and
 * with the same {@link ValidatorException}s, as vertx-openapi's {@code RequestValidator} (which
 * {@link Problems} turns into 400 problems); the difference is cost. That validator (5.0.7) hops to
 * a worker thread for every request and builds a schema validator per parameter per request; here
 * each operation's validators are built once, when the router is built, and used from any thread
 * (a json-schema {@link Validator} holds no per-call state).
 */
final class RequestValidation {
    private static final Map<Style, ParameterTransformer> TRANSFORMERS = transformers();

    private final SchemaRepository schemas;
    /** One validator per schema object: parameters that share a component share its validator. */
    private final Map<JsonSchema, Validator> validators = new IdentityHashMap<>();

    RequestValidation(OpenAPIContract contract) {
        this.schemas = contract.getSchemaRepository();
    }

    /** The route handler that validates requests of {@code op}, then passes them on. */
    Handler<RoutingContext> handler(Operation op) {
        List<ParameterCheck> params = new ArrayList<>();
        for (Parameter p : op.getParameters()) params.add(new ParameterCheck(p, TRANSFORMERS.get(p.getStyle()), validator(p.getSchema())));
        BodyCheck body = op.getRequestBody() == null ? null : new BodyCheck(op.getRequestBody(), bodyValidators(op.getRequestBody()));
        return ctx -> {
            // With the body already read, extraction completes at once.
            Future<ValidatableRequest> extracted = RequestUtils.extract(ctx.request(), op,
                    () -> Future.succeededFuture(ctx.body().buffer()));
            try {
                if (extracted.failed()) throw extracted.cause();
                ValidatableRequest request = extracted.result();
                for (ParameterCheck p : params) p.check(request);
                if (body != null) body.check(request);
            } catch (ValidatorException e) {
                ctx.fail(new HttpException(400, e.getMessage(), e));
                return;
            } catch (Throwable t) {
                ctx.fail(t);
                return;
            }
            ctx.next();
        };
    }

    private Validator validator(JsonSchema schema) {
        return validators.computeIfAbsent(schema, schemas::validator);
    }

    private Map<MediaType, Validator> bodyValidators(RequestBody body) {
        Map<MediaType, Validator> out = new IdentityHashMap<>();
        for (MediaType type : body.getContent().values()) {
            if (schemaValidationRequired(type)) out.put(type, validator(type.getSchema()));
        }
        return out;
    }

    /** As vertx-openapi decides: a body without a schema, or a bare binary string, is only parsed. */
    private static boolean schemaValidationRequired(MediaType media) {
        JsonSchema schema = media.getSchema();
        if (schema == null) return false;
        Object type = schema.get("type");
        Object format = schema.get("format");
        boolean binaryOnly = "string".equalsIgnoreCase(String.valueOf(type)) && "binary".equalsIgnoreCase(String.valueOf(format))
                && schema.fieldNames().size() == 2;
        return !binaryOnly;
    }

    private record ParameterCheck(Parameter param, ParameterTransformer transformer, Validator validator) {
        void check(ValidatableRequest request) {
            RequestParameter value = switch (param.getIn()) {
                case COOKIE -> request.getCookies().get(param.getName());
                case HEADER -> request.getHeaders().get(param.getName());
                case PATH -> request.getPathParameters().get(param.getName());
                case QUERY -> request.getQuery().get(param.getName());
            };
            if (value == null || value.isNull()) {
                if (param.isRequired()) throw ValidatorException.createMissingRequiredParameter(param);
                return;
            }
            if (transformer == null) throw ValidatorException.createUnsupportedValueFormat(param);
            Object transformed = transformer.transform(param, String.valueOf(value.get()));
            OutputUnit result = validator.validate(transformed);
            try {
                result.checkValidity();
            } catch (JsonSchemaValidationException e) {
                throw SchemaValidationException.createErrorFromOutputUnitType(param, result, e);
            }
        }
    }

    private record BodyCheck(RequestBody body, Map<MediaType, Validator> validators) {
        void check(ValidatableRequest request) {
            if (request.getBody() == null || request.getBody().isEmpty()) {
                if (body.isRequired()) {
                    throw new ValidatorException("The related request does not contain the required body.",
                            ValidatorErrorType.MISSING_REQUIRED_PARAMETER);
                }
                return;
            }
            MediaType type = body.determineContentType(request.getContentType());
            ContentAnalyser analyser = type == null ? null
                    : ContentAnalyser.getContentAnalyser(type, request.getContentType(), request.getBody().getBuffer(Buffer.buffer()),
                            ValidationContext.REQUEST);
            if (analyser == null) {
                throw new ValidatorException("The format of the " + ValidationContext.REQUEST + " body is not supported",
                        ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT);
            }
            analyser.checkSyntacticalCorrectness();
            Validator validator = validators.get(type);
            if (validator == null) {
                // Fail closed: a schema the map lacks is a bug here, never a body let through unchecked.
                if (schemaValidationRequired(type)) throw new IllegalStateException("no validator for " + type.getIdentifier());
                return;
            }
            OutputUnit result = validator.validate(analyser.transform());
            try {
                result.checkValidity();
            } catch (JsonSchemaValidationException e) {
                throw SchemaValidationException.createInvalidValueBody(result, ValidationContext.REQUEST, e);
            }
        }
    }

    private static Map<Style, ParameterTransformer> transformers() {
        Map<Style, ParameterTransformer> m = new EnumMap<>(Style.class);
        m.put(Style.SIMPLE, new SimpleTransformer());
        m.put(Style.LABEL, new LabelTransformer());
        m.put(Style.MATRIX, new MatrixTransformer());
        m.put(Style.FORM, new FormTransformer());
        return m;
    }
}

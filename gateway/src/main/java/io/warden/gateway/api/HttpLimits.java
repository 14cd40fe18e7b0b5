package io.warden.gateway.api;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.ErrorCode;

/**
 * The HTTP server's own limits, and the answer to a request that breaks them or cannot be decoded
 * at all. Such a request never reaches the router, so Vert.x would answer it with a bare status;
 * here it gets a problem like every other answer, then the connection closes (the rest of what the
 * client sends cannot be framed).
 */
final class HttpLimits {
    /** Longest request line, method and target included (Netty's and Vert.x's default). */
    static final int MAX_REQUEST_LINE = 4096;
    /** Largest header section in bytes (Vert.x's default). */
    static final int MAX_HEADERS = 8192;

    private HttpLimits() {}

    /** Where to listen and the limits above; TLS is added by the caller. */
    static HttpServerOptions serverOptions(ApiOptions options) {
        return new HttpServerOptions().setHost(options.host()).setPort(options.port())
                .setMaxInitialLineLength(MAX_REQUEST_LINE).setMaxHeaderSize(MAX_HEADERS);
    }

    /** The server's invalid-request handler. Nothing is logged: a client's malformed bytes are not the gateway's fault. */
    static void refuse(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        JsonObject problem;
        if (cause instanceof TooLongHttpLineException) {
            problem = Problems.problem(Problems.Http.URI_TOO_LONG, "request line longer than " + MAX_REQUEST_LINE + " bytes");
        } else if (cause instanceof TooLongHttpHeaderException) {
            problem = Problems.problem(Problems.Http.HEADERS_TOO_LARGE, "request headers larger than " + MAX_HEADERS + " bytes");
        } else {
            problem = Problems.problem(ErrorCode.BAD_REQUEST, "malformed HTTP request");
        }
        Problems.send(SecurityHeaders.add(request.response().putHeader("Connection", "close"), request.isSSL()), problem)
                .onComplete(done -> request.connection().close());
    }
}

package io.warden.adapter.onvif.soap;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.codec.BodyCodec;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP exchange with a device on a Vert.x {@link WebClient}, with the rules every call obeys:
 * nothing is sent once the deadline has passed (DEVICE_TIMEOUT at once), the request times out when
 * the deadline comes, the response body is capped, and transport failures become Warden error codes
 * (refused or unreachable: DEVICE_OFFLINE; timeout: DEVICE_TIMEOUT; closed: CONNECTION_CLOSED).
 * Thread-safe; futures complete on a Vert.x thread.
 */
public final class OnvifHttp {

    /** What came back: status, headers and the whole (capped) body. */
    public record Reply(int status, MultiMap headers, Buffer body) {
        public List<String> all(String header) {
            return headers.getAll(header);
        }
    }

    private final Vertx vertx;
    private final WebClient client;
    private final Clock clock;

    public OnvifHttp(Vertx vertx, WebClient client, Clock clock) {
        this.vertx = vertx;
        this.client = client;
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Send one request. {@code body} null means none. {@code what} names the call in errors.
     * The request timeout is the time left until {@code deadline}, at most {@code maxTimeout}.
     */
    public Future<Reply> exchange(HttpMethod method, URI uri, MultiMap headers, Buffer body, Instant deadline,
                                  Duration maxTimeout, int maxBytes, String what) {
        long left = Duration.between(clock.instant(), deadline).toMillis();
        if (left <= 0) {
            return Future.failedFuture(new WardenException(ErrorCode.DEVICE_TIMEOUT,
                    what + ": deadline passed before sending"));
        }
        long timeout = Math.min(left, maxTimeout.toMillis());
        CappedSink sink = new CappedSink(maxBytes);
        HttpRequest<Void> req = client.requestAbs(method, uri.toString()).timeout(timeout)
                .as(BodyCodec.pipe(sink, false));
        if (headers != null) req.putHeaders(headers);
        Future<io.vertx.ext.web.client.HttpResponse<Void>> sent = body == null ? req.send() : req.sendBuffer(body);
        // the request timeout only bounds silence; a device that trickles must still stop at the deadline
        Promise<Reply> result = Promise.promise();
        long timer = vertx.setTimer(timeout, t -> result.tryFail(new WardenException(ErrorCode.DEVICE_TIMEOUT,
                what + ": no complete answer within " + timeout + " ms (" + uri.getHost() + ":" + port(uri) + ")")));
        sent.<Reply>map(r -> new Reply(r.statusCode(), r.headers(), sink.buffer))
                .recover(t -> Future.failedFuture(map(t, sink, what, uri, timeout)))
                .onComplete(ar -> {
                    vertx.cancelTimer(timer);
                    if (ar.succeeded()) result.tryComplete(ar.result());
                    else result.tryFail(ar.cause());
                });
        return result.future();
    }

    private static Throwable map(Throwable t, CappedSink sink, String what, URI uri, long timeout) {
        if (t instanceof WardenException) return t;
        if (sink.overflow) {
            return new WardenException(ErrorCode.PROTOCOL_ERROR, what + ": response larger than " + sink.max + " bytes");
        }
        String where = " (" + uri.getHost() + ":" + port(uri) + ")";
        if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                || (t.getCause() instanceof ConnectException)) {
            return new WardenException(ErrorCode.DEVICE_OFFLINE, what + ": cannot connect" + where + ": " + t.getMessage());
        }
        if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
            return new WardenException(ErrorCode.DEVICE_TIMEOUT, what + ": no answer within " + timeout + " ms" + where);
        }
        return new WardenException(ErrorCode.CONNECTION_CLOSED, what + ": " + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage()) + where);
    }

    static int port(URI uri) {
        if (uri.getPort() > 0) return uri.getPort();
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Collects the body and refuses to grow past {@code max} bytes. */
    private static final class CappedSink implements WriteStream<Buffer> {
        final int max;
        final Buffer buffer = Buffer.buffer();
        boolean overflow;

        CappedSink(int max) {
            this.max = max;
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public Future<Void> write(Buffer data) {
            if (buffer.length() + data.length() > max) {
                overflow = true;
                return Future.failedFuture(new WardenException(ErrorCode.PROTOCOL_ERROR,
                        "response larger than " + max + " bytes"));
            }
            buffer.appendBuffer(data);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> end() {
            return Future.succeededFuture();
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            return this;
        }
    }

}

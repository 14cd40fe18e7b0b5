package io.warden.gateway.integrations.webhook;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * POSTs to one webhook endpoint, each request under a hard deadline: when it passes, the request is reset
 * (its connection closed), so nothing more is sent or waited for and a hung endpoint holds a connection for
 * {@code timeout} at most. (An idle timeout would not do: a receiver dribbling a byte now and then never
 * trips it.) Vert.x core's client rather than WebClient, which cannot reset a request it has sent.
 *
 * <p>At most {@code connections} connections to the endpoint; the caller keeps that many requests in
 * flight at most, so none waits for a connection. Every method runs on the caller's context; the futures
 * complete there and never fail: a failure is an {@link Answer}.
 */
final class WebhookPoster {
    /**
     * What one attempt got.
     *
     * @param status     the HTTP status, or 0 when no answer came (then {@code error} says why)
     * @param retryAfter the {@code Retry-After} header, or null
     * @param error      why there was no answer (timeout, connection refused, TLS), without the URL's secrets
     */
    record Answer(int status, String retryAfter, String error) {
        static Answer failed(String error) {
            return new Answer(0, null, error);
        }

        /** For status and audit records: {@code HTTP 503} or the error. */
        String describe() {
            return status != 0 ? "HTTP " + status : error;
        }
    }

    private final Vertx vertx;
    private final WebhookEndpoint endpoint;
    private final long timeoutMillis;
    private final HttpClientAgent client;

    WebhookPoster(Vertx vertx, WebhookEndpoint endpoint, Duration timeout, int connections) {
        this.vertx = vertx;
        this.endpoint = endpoint;
        this.timeoutMillis = timeout.toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                        .setVerifyHost(true) // https: the certificate must name the host (JVM trust store)
                        .setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(connections));
    }

    /** One POST of {@code body} with {@code headers}; completes with the status line or why there was none. */
    Future<Answer> post(MultiMap headers, Buffer body) {
        Promise<Answer> answer = Promise.promise();
        HttpClientRequest[] sent = new HttpClientRequest[1];
        long deadline = vertx.setTimer(timeoutMillis, t -> {
            answer.tryComplete(Answer.failed("timed out after " + Duration.ofMillis(timeoutMillis).toSeconds() + " s"));
            if (sent[0] != null) sent[0].reset(0, new TimeoutException("webhook deadline"));
        });
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(endpoint.target().toString())
                .setConnectTimeout(timeoutMillis).setFollowRedirects(false);
        client.request(options).onComplete(connected -> {
            if (connected.failed()) {
                vertx.cancelTimer(deadline);
                answer.tryComplete(Answer.failed(describe(connected.cause())));
                return;
            }
            HttpClientRequest req = connected.result();
            sent[0] = req;
            if (answer.future().isComplete()) { // the deadline passed while connecting
                req.reset(0, new TimeoutException("webhook deadline"));
                return;
            }
            req.headers().addAll(headers);
            req.send(body).onComplete(replied -> {
                if (replied.failed()) {
                    vertx.cancelTimer(deadline);
                    answer.tryComplete(Answer.failed(describe(replied.cause())));
                    return;
                }
                var resp = replied.result();
                // The status line is the receiver's verdict; the body is read and discarded within the same deadline.
                answer.tryComplete(new Answer(resp.statusCode(), resp.getHeader("Retry-After"), null));
                resp.handler(ignored -> {});
                resp.end().onComplete(x -> vertx.cancelTimer(deadline));
            });
        });
        return answer.future();
    }

    /** The failure's kind and message: Netty's name the address (host:port), never the path or query. */
    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    Future<Void> close() {
        return client.close();
    }
}

package io.codeclab.orchestrator.http;

/** The HTTP server could not start (port in use, address not local): says which setting to change. */
public final class HttpServerException extends RuntimeException {

    HttpServerException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.codeclab.orchestrator.search;

/** The program database could not be read or written; the message says what and how to fix it. */
public class SearchException extends RuntimeException {
    public SearchException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.codeclab.orchestrator.artifact;

/** The artifact store could not read or write; the message names the bucket and key. */
public class ArtifactStoreException extends RuntimeException {
    public ArtifactStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

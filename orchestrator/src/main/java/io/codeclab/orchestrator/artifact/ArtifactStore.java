package io.codeclab.orchestrator.artifact;

import java.util.List;
import java.util.Optional;

/**
 * Large, write-once things an experiment produces (code, prompts, responses, reports, sandbox logs) and
 * the code of every adopted version. Keys are paths such as {@code experiments/<id>/code.py}.
 */
public interface ArtifactStore {

    /** Creates the bucket if missing; safe to call from every process. */
    void ensureBucket();

    /** Stores bytes under key (server-side encryption requested); returns the key. */
    String put(String key, byte[] content, String contentType);

    Optional<byte[]> get(String key);

    /** Keys under a prefix, in key order. */
    List<String> list(String prefix);

    /** Key layout, in one place. */
    static String experimentKey(String experimentId, String name) {
        return "experiments/" + experimentId + "/" + name;
    }

    /** The code of an adopted version; keyed by the experiment too, so a lost adoption race overwrites nothing. */
    static String versionCodeKey(int version, String experimentId) {
        return "versions/v" + version + "/" + experimentId + "/codec.py";
    }
}

package io.codeclab.orchestrator.run;

/**
 * The champion's code cannot be trusted: missing from the artifact store, or not the code its record's
 * {@code codeSha256} names (changed behind codec-lab's back). No experiment may build on it.
 */
public class ChampionCodeException extends RuntimeException {

    public static final String MISSING = "ChampionCodeMissing";
    public static final String MISMATCH = "ChampionCodeMismatch";

    private final String kind;

    public ChampionCodeException(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** {@link #MISSING} or {@link #MISMATCH}, for the experiment's failure record. */
    public String kind() {
        return kind;
    }
}

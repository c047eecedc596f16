package io.codeclab.eval.protocol;

/** The stages of SPEC §5, cheapest first. */
public enum Stage {
    POLICY("policy"), SMOKE("smoke"), SEARCH("search"), ADOPTION("adoption");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    /** The lower-case name used in records and failures. */
    public String label() {
        return label;
    }
}

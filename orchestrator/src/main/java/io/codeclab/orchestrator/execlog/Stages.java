package io.codeclab.orchestrator.execlog;

import java.util.List;

/** The order of the stages as records name them: the proposal first, then SPEC §5's stages cheapest first. */
final class Stages {

    static final List<String> ORDER = List.of(LogRecord.PROPOSE, "POLICY", "SMOKE", "SEARCH", "ADOPTION");

    private Stages() {
    }

    static int order(String stage) {
        int i = ORDER.indexOf(stage);
        return i < 0 ? ORDER.size() : i;
    }
}

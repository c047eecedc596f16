package io.codeclab.eval.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeclab.eval.harness.SandboxRun;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link StageListener#all}: every event reaches every listener, in registration order. */
class StageListenerTest {

    private record Recording(String name, List<String> log) implements StageListener {
        @Override
        public void stageStarted(Stage stage) {
            log.add(name + " started " + stage);
        }

        @Override
        public void sandboxRunFinished(SandboxRun run) {
            log.add(name + " run " + run.side() + " q" + run.quality());
        }

        @Override
        public void stageFinished(Stage stage, List<SandboxRun> runs) {
            log.add(name + " finished " + stage + " with " + runs.size());
        }
    }

    @Test
    void publishesEachEventToEveryListenerInOrder() {
        var log = new ArrayList<String>();
        var all = StageListener.all(List.of(new Recording("a", log), new Recording("b", log)));
        var run = new SandboxRun("smoke", SandboxRun.ENCODE, 4, "clip", null);

        all.stageStarted(Stage.SMOKE);
        all.sandboxRunFinished(run);
        all.stageFinished(Stage.SMOKE, List.of(run));

        assertThat(log).containsExactly("a started SMOKE", "b started SMOKE", "a run encode q4", "b run encode q4",
                "a finished SMOKE with 1", "b finished SMOKE with 1");
    }

    @Test
    void aListenerThatFailsStopsThePublication() {
        var log = new ArrayList<String>();
        var failing = new StageListener() {
            @Override
            public void stageStarted(Stage stage) {
                throw new IllegalStateException("cannot record");
            }
        };
        var all = StageListener.all(List.of(failing, new Recording("b", log)));
        assertThatThrownBy(() -> all.stageStarted(Stage.POLICY)).hasMessage("cannot record");
        assertThat(log).isEmpty();
    }
}

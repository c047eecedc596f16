package io.codeclab.orchestrator.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeclab.eval.harness.QualityPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class BehaviourTest {

    static QualityPoint point(double bpp, double decodeFps) {
        return new QualityPoint(4, 1000, 100, bpp, 35, 34, 0.95, 20, decodeFps);
    }

    @Test
    void binsRateSpeedAndSizeAtTheirThresholds() {
        // mean bpp 0.3 (medium), mean decode fps 70 (fast), 2,999 bytes (short)
        var b = Behaviour.of(List.of(point(0.2, 60), point(0.4, 80)), 2_999);
        assertThat(b).isEqualTo(new Behaviour(1, 2, 0));
        assertThat(b.cell()).isEqualTo("rate1-speed2-size0");
        assertThat(b.describe()).isEqualTo("medium bit rate, fast decoding, short code");

        assertThat(Behaviour.of(List.of(point(0.0999, 9.99)), 3_000)).isEqualTo(new Behaviour(0, 0, 1));
        assertThat(Behaviour.of(List.of(point(0.1, 10)), 10_000)).isEqualTo(new Behaviour(1, 1, 2));
        assertThat(Behaviour.of(List.of(point(0.5, 59.9)), 9_999)).isEqualTo(new Behaviour(2, 1, 1));
    }

    @Test
    void theGridHasTwentySevenDistinctCellsThatParseBack() {
        var grid = Behaviour.grid();
        assertThat(grid).hasSize(27).doesNotHaveDuplicates();
        assertThat(grid).allSatisfy(b -> assertThat(Behaviour.parse(b.cell())).isEqualTo(b));
        assertThat(grid.get(0).cell()).isEqualTo("rate0-speed0-size0");
        assertThat(grid.get(26).cell()).isEqualTo("rate2-speed2-size2");
    }

    @Test
    void refusesBinsOutsideTheGrid() {
        assertThatThrownBy(() -> new Behaviour(3, 0, 0)).hasMessageContaining("0, 1 or 2, was 3");
        assertThatThrownBy(() -> Behaviour.parse("rate3-speed0-size0")).hasMessageContaining("not a behaviour cell");
    }
}

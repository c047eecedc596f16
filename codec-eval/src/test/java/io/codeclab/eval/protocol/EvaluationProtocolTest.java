package io.codeclab.eval.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeclab.sandbox.SandboxLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EvaluationProtocolTest {

    @Test
    void defaultsAreThoseOfTheSpec() {
        var p = EvaluationProtocol.ofDefaults();

        assertThat(p.qualities()).containsExactly(2, 4, 6, 8);
        assertThat(p.smokeFrames()).isEqualTo(2);
        assertThat(p.smokeQuality()).isEqualTo(5);
        assertThat(p.adoptionMarginPercent()).isEqualTo(-1.0);
        assertThat(p.psnrFloorDb()).isEqualTo(30.0);
        assertThat(p.smokeLimits().wallTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.searchLimits().wallTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(p.adoptionLimits().wallTimeout()).isEqualTo(Duration.ofSeconds(120));
        // the smoke stage is the cheapest: it may not get more time than the later stages
        assertThat(p.smokeLimits().wallTimeout()).isLessThan(p.searchLimits().wallTimeout());
        assertThat(EvaluationProtocol.ofDefaults()).isSameAs(p);
    }

    @Test
    void qualitiesAreSortedAndCopied() {
        var input = new ArrayList<>(List.of(8, 3, 5));
        var p = EvaluationProtocol.custom().qualities(input).build();
        input.add(9);

        assertThat(p.qualities()).containsExactly(3, 5, 8);
        assertThatThrownBy(() -> p.qualities().add(10)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void qualitiesMustBeAtLeastTwoDistinctValuesWithin1To10() {
        var b = EvaluationProtocol.custom();

        assertThatThrownBy(() -> b.qualities(List.of(5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2").hasMessageContaining("[5]");
        assertThatThrownBy(() -> b.qualities(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.qualities(List.of(0, 5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..10");
        assertThatThrownBy(() -> b.qualities(List.of(5, 11))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..10");
        assertThatThrownBy(() -> b.qualities(List.of(4, 6, 4))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distinct");
        assertThat(b.qualities(List.of(1, 10)).build().qualities()).containsExactly(1, 10);
    }

    @Test
    void smokeStageSettingsAreValidated() {
        var b = EvaluationProtocol.custom();

        assertThatThrownBy(() -> b.smokeFrames(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("smokeFrames");
        assertThatThrownBy(() -> b.smokeQuality(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("smokeQuality");
        assertThatThrownBy(() -> b.smokeQuality(11)).isInstanceOf(IllegalArgumentException.class);
        var p = b.smokeFrames(1).smokeQuality(10).build();
        assertThat(p.smokeFrames()).isEqualTo(1);
        assertThat(p.smokeQuality()).isEqualTo(10);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY})
    void marginMustBeAFiniteNonPositivePercentage(double margin) {
        assertThatThrownBy(() -> EvaluationProtocol.custom().adoptionMarginPercent(margin))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("margin");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 100, Double.NaN, Double.POSITIVE_INFINITY})
    void floorMustBeWithin0And100Db(double floor) {
        assertThatThrownBy(() -> EvaluationProtocol.custom().psnrFloorDb(floor))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("floor");
    }

    @Test
    void boundaryMarginAndFloorAreAccepted() {
        var p = EvaluationProtocol.custom().adoptionMarginPercent(0).psnrFloorDb(0).build();

        assertThat(p.adoptionMarginPercent()).isZero();
        assertThat(p.psnrFloorDb()).isZero();
    }

    @Test
    void limitsMustBeGiven() {
        var b = EvaluationProtocol.custom();

        assertThatThrownBy(() -> b.smokeLimits(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("smokeLimits");
        assertThatThrownBy(() -> b.searchLimits(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("searchLimits");
        assertThatThrownBy(() -> b.adoptionLimits(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("adoptionLimits");
    }

    @Test
    void toBuilderKeepsEverySettingAndBuildsAnIndependentCopy() {
        var smoke = SandboxLimits.custom().wallTimeout(Duration.ofSeconds(7)).build();
        var search = SandboxLimits.custom().wallTimeout(Duration.ofSeconds(70)).cpus(2).build();
        var adoption = SandboxLimits.custom().wallTimeout(Duration.ofSeconds(90)).build();
        var original = EvaluationProtocol.custom().qualities(List.of(1, 5, 9)).smokeFrames(3).smokeQuality(4)
                .smokeLimits(smoke).searchLimits(search).adoptionLimits(adoption)
                .adoptionMarginPercent(-2.5).psnrFloorDb(31).build();

        var copy = original.toBuilder().build();
        var changed = original.toBuilder().psnrFloorDb(20).build();

        assertThat(copy).usingRecursiveComparison().isEqualTo(original);
        assertThat(copy.qualities()).containsExactly(1, 5, 9);
        assertThat(copy.smokeLimits()).isEqualTo(smoke);
        assertThat(copy.searchLimits()).isEqualTo(search);
        assertThat(copy.adoptionLimits()).isEqualTo(adoption);
        assertThat(changed.psnrFloorDb()).isEqualTo(20);
        assertThat(original.psnrFloorDb()).isEqualTo(31);
    }
}

package io.codeclab.eval.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeclab.eval.harness.CodecProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TunablesTest {

    private static final CodecProgram JPEG = program(BuiltInCodecs.JPEG_BASELINE);
    private static final CodecProgram BLOCK_DCT = program(BuiltInCodecs.BLOCK_DCT);

    @Test
    void jpegBaselineDeclaresItsTwoIntegerTunables() {
        assertThat(Tunables.of(JPEG)).containsExactly(
                new Tunable("QUALITY_AT_1", true, 2, 40, 8),
                new Tunable("QUALITY_STEP", true, 4, 12, 10));
    }

    @Test
    void blockDctDeclaresItsTunablesInSourceOrderWithTypesAndRanges() {
        var tunables = Tunables.of(BLOCK_DCT);

        assertThat(tunables).extracting(Tunable::name).containsExactly("BASE_STEP", "STEP_RATIO", "FREQ_TILT",
                "CHROMA_STEP_SCALE", "INTER_STEP_SCALE", "ROUNDING", "GOP", "SEARCH", "INTRA_BIAS", "CHROMA_HALF",
                "LZMA");
        assertThat(tunables.get(0)).isEqualTo(new Tunable("BASE_STEP", false, 4.0, 40.0, 14.0));
        assertThat(tunables.get(6)).isEqualTo(new Tunable("GOP", true, 1, 48, 12));
        assertThat(tunables).filteredOn(Tunable::integer).extracting(Tunable::name)
                .containsExactly("GOP", "SEARCH", "CHROMA_HALF", "LZMA");
        assertThat(tunables).allSatisfy(t -> assertThat(t.value()).isBetween(t.min(), t.max()));
    }

    @Test
    void programWithoutATunablesBlockHasNone() {
        var program = new CodecProgram("""
                STEP = 4  # tune: int 1 9

                def encode(frames, quality):
                    return b"x"
                """);

        assertThat(Tunables.of(program)).isEmpty();
        assertThatThrownBy(() -> Tunables.with(program, Map.of("STEP", 5.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("STEP");
    }

    @Test
    void rewriteChangesOnlyTheNamedLinesAndKeepsEveryOtherLineByteForByte() {
        var changed = Tunables.with(BLOCK_DCT, Map.of("BASE_STEP", 20.5, "GOP", 24.0));

        List<String> before = BLOCK_DCT.source().lines().toList();
        List<String> after = changed.source().lines().toList();
        assertThat(after).hasSameSizeAs(before);
        var differing = new ArrayList<String>();
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).equals(after.get(i))) {
                differing.add(after.get(i));
            }
        }
        assertThat(differing).containsExactly("BASE_STEP = 20.5  # tune: float 4.0 40.0", "GOP = 24  # tune: int 1 48");
        assertThat(changed.source()).endsWith("\n").hasSameSizeAs(BLOCK_DCT.source());
        assertThat(Tunables.of(changed)).filteredOn(t -> t.name().equals("BASE_STEP") || t.name().equals("GOP"))
                .extracting(Tunable::value).containsExactly(20.5, 24.0);
    }

    @Test
    void rewriteClampsToTheDeclaredRange() {
        var high = Tunables.with(BLOCK_DCT, Map.of("BASE_STEP", 1e9, "SEARCH", 99.0, "ROUNDING", 0.9));
        var low = Tunables.with(BLOCK_DCT, Map.of("BASE_STEP", -3.0, "SEARCH", -1.0, "ROUNDING", 0.0));

        assertThat(value(high, "BASE_STEP")).isEqualTo(40.0);
        assertThat(value(high, "SEARCH")).isEqualTo(8.0);
        assertThat(value(high, "ROUNDING")).isEqualTo(0.5);
        assertThat(value(low, "BASE_STEP")).isEqualTo(4.0);
        assertThat(value(low, "SEARCH")).isEqualTo(0.0);
        assertThat(value(low, "ROUNDING")).isEqualTo(0.2);
        assertThat(high.source()).contains("\nBASE_STEP = 40.0  # tune: float 4.0 40.0\n")
                .contains("\nSEARCH = 8  # tune: int 0 8\n");
    }

    @Test
    void integersAreRoundedAndWrittenAsIntegerLiterals() {
        var changed = Tunables.with(JPEG, Map.of("QUALITY_AT_1", 12.6, "QUALITY_STEP", 7.4));

        assertThat(changed.source()).contains("\nQUALITY_AT_1 = 13  # tune: int 2 40\n")
                .contains("\nQUALITY_STEP = 7  # tune: int 4 12\n")
                .doesNotContain("13.0").doesNotContain("7.0");
        assertThat(Tunables.of(changed)).extracting(Tunable::value).containsExactly(13.0, 7.0);
    }

    @Test
    void floatsStayPythonFloatLiterals() {
        var tunable = new Tunable("SCALE", false, 0, 5000, 1);

        assertThat(tunable.format(1000)).isEqualTo("1000.0");
        assertThat(tunable.format(14)).isEqualTo("14.0");
        assertThat(tunable.format(0)).isEqualTo("0.0");
        assertThat(tunable.format(0.12)).isEqualTo("0.12");
        assertThat(tunable.format(1.4567)).isEqualTo("1.457");
        assertThat(new Tunable("TINY", false, 0, 1, 0).format(0.00001)).isEqualTo("1.000e-05");
    }

    @Test
    void unknownNameIsRejectedNamingIt() {
        assertThatThrownBy(() -> Tunables.with(JPEG, Map.of("QUALITY_AT_1", 10.0, "BASE_STEP", 10.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the program has no tunable named BASE_STEP");
    }

    @Test
    void linesOutsideTheBlockAreNeitherReadNorRewritten() {
        var program = new CodecProgram("""
                # --- tunables: test ---
                STEP = 4  # tune: int 1 9
                  # an indented comment
                # --- end tunables ---
                LATER = 3  # tune: int 1 9
                STEP = 4  # tune: int 1 9
                """);

        assertThat(Tunables.of(program)).containsExactly(new Tunable("STEP", true, 1, 9, 4));
        var changed = Tunables.with(program, Map.of("STEP", 6.0));
        assertThat(changed.source()).isEqualTo("""
                # --- tunables: test ---
                STEP = 6  # tune: int 1 9
                  # an indented comment
                # --- end tunables ---
                LATER = 3  # tune: int 1 9
                STEP = 4  # tune: int 1 9
                """);
        assertThatThrownBy(() -> Tunables.with(program, Map.of("LATER", 2.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LATER");
    }

    @Test
    void emptyChangeGivesTheSameProgram() {
        assertThat(Tunables.with(BLOCK_DCT, Map.of())).isEqualTo(BLOCK_DCT);
        assertThat(Tunables.with(BLOCK_DCT, Map.of()).sha256()).isEqualTo(BLOCK_DCT.sha256());
    }

    @Test
    void tunableRejectsAnInvertedRange() {
        assertThatThrownBy(() -> new Tunable("X", true, 5, 1, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X").hasMessageContaining("above max");
    }

    private static double value(CodecProgram program, String name) {
        return Tunables.of(program).stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow().value();
    }

    private static CodecProgram program(String name) {
        return BuiltInCodecs.all().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().program();
    }
}

package io.codeclab.orchestrator.execlog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageNormalizerTest {

    @Test
    void quotedNamesBecomeIdentifiers() {
        assertThat(MessageNormalizer.normalize("name 'blok_size' is not defined")).isEqualTo("name <id> is not defined");
        assertThat(MessageNormalizer.normalize("module 'numpy' has no attribute \"fooBar\""))
                .isEqualTo("module <id> has no attribute <id>");
    }

    @Test
    void numbersOfEveryShapeBecomeN() {
        assertThat(MessageNormalizer.normalize("cannot reshape array of size 76800 into shape (240,320,3)"))
                .isEqualTo("cannot reshape array of size <n> into shape (<n>,<n>,<n>)");
        assertThat(MessageNormalizer.normalize("step -1.5e-3 below 0.25")).isEqualTo("step <n> below <n>");
        assertThat(MessageNormalizer.normalize("the limit of 10 s")).isEqualTo(MessageNormalizer.normalize("the limit of 2.5 s"));
    }

    @Test
    void pathsAndHexBecomePlaceholders() {
        assertThat(MessageNormalizer.normalize("[Errno 2] No such file or directory: '/tmp/work/7/out.bin'"))
                .isEqualTo("[Errno <n>] No such file or directory: <path>");
        assertThat(MessageNormalizer.normalize("cannot open /input/frames.y4m for reading"))
                .isEqualTo("cannot open <path> for reading");
        assertThat(MessageNormalizer.normalize("object at 0x7f3a2b1c90d0 is not callable"))
                .isEqualTo("object at <hex> is not callable");
        assertThat(MessageNormalizer.normalize("code deadbeef12 differs")).isEqualTo("code <hex> differs");
    }

    @Test
    void wordsStayAndSpacesCollapse() {
        assertThat(MessageNormalizer.normalize("  index   out of\nrange ")).isEqualTo("index out of range");
        assertThat(MessageNormalizer.normalize("float64 is not uint8")).isEqualTo("float64 is not uint8");
        assertThat(MessageNormalizer.normalize("")).isEmpty();
    }

    @Test
    void longMessagesAreCut() {
        assertThat(MessageNormalizer.normalize("x".repeat(1000))).hasSize(300);
    }
}

package io.codeclab.eval.rd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateCurveCsvTest {

    @Test
    void readsPointsInAnyColumnOrder(@TempDir Path dir) throws Exception {
        var file = dir.resolve("a.csv");
        Files.writeString(file, "# x264 anchor\nquality, PSNR ,kbps\n1,30.5,100\n\n2,35.25,250.5\n");
        assertThat(RateCurveCsv.read(file)).containsExactly(new RatePoint(100, 30.5), new RatePoint(250.5, 35.25));
    }

    @Test
    void explainsWhatIsWrong() {
        assertThatThrownBy(() -> RateCurveCsv.parse("", "a.csv")).isInstanceOf(BdRateException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> RateCurveCsv.parse("100,30\n200,35\n", "a.csv")).isInstanceOf(BdRateException.class)
                .hasMessageContaining("a.csv:1: header must name the columns kbps and psnr");
        assertThatThrownBy(() -> RateCurveCsv.parse("kbps,psnr\n100,abc\n", "a.csv")).isInstanceOf(BdRateException.class)
                .hasMessageContaining("a.csv:2: psnr is not a number: 'abc'");
        assertThatThrownBy(() -> RateCurveCsv.parse("kbps,psnr\n100\n", "a.csv")).isInstanceOf(BdRateException.class)
                .hasMessageContaining("a.csv:2: expected 2 columns");
        assertThatThrownBy(() -> RateCurveCsv.parse("kbps,psnr\n-5,30\n", "a.csv")).isInstanceOf(BdRateException.class)
                .hasMessageContaining("a.csv:2: rate must be a positive");
        assertThatThrownBy(() -> RateCurveCsv.parse("kbps,psnr\n", "a.csv")).isInstanceOf(BdRateException.class)
                .hasMessageContaining("no points");
    }
}

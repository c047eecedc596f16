package io.codeclab.orchestrator.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageUploadTest {

    @Test
    void pngAndJpegAreKnownByTheirFirstBytes() {
        assertThat(ImageUpload.check(SampleImage.png()).kind()).isEqualTo(ImageUpload.Kind.PNG);
        var jpeg = new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0x10};
        assertThat(ImageUpload.check(jpeg).kind()).isEqualTo(ImageUpload.Kind.JPEG);
    }

    @Test
    void anythingElseIsRefusedWith415WhateverItIsCalled() {
        for (var bytes : new byte[][] {"GIF89a".getBytes(StandardCharsets.US_ASCII), "<svg onload=alert(1)>".getBytes(
                StandardCharsets.US_ASCII), {(byte) 0x89, 'P', 'N', 'G'}, {(byte) 0xff, (byte) 0xd8}, {}}) {
            assertThatThrownBy(() -> ImageUpload.check(bytes)).isInstanceOf(PlaygroundException.class)
                    .hasMessageContaining("neither PNG nor JPEG")
                    .satisfies(e -> assertThat(((PlaygroundException) e).status()).isEqualTo(415));
        }
    }

    @Test
    void theSizeLimitIsCheckedFirstAndIsInclusive() {
        var atLimit = new byte[ImageUpload.MAX_BYTES];
        System.arraycopy(SampleImage.png(), 0, atLimit, 0, 8);
        assertThat(ImageUpload.check(atLimit).kind()).isEqualTo(ImageUpload.Kind.PNG);
        var over = new byte[ImageUpload.MAX_BYTES + 1];
        System.arraycopy(SampleImage.png(), 0, over, 0, 8);
        assertThatThrownBy(() -> ImageUpload.check(over)).isInstanceOf(PlaygroundException.class)
                .hasMessageStartingWith("the image has " + (ImageUpload.MAX_BYTES + 1) + " bytes")
                .satisfies(e -> assertThat(((PlaygroundException) e).status()).isEqualTo(413));
    }

    @Test
    void theSampleIsTheSameDecodablePngEveryTime() throws Exception {
        var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(SampleImage.png()));
        assertThat(image.getWidth()).isEqualTo(SampleImage.WIDTH);
        assertThat(image.getHeight()).isEqualTo(SampleImage.HEIGHT);
        assertThat(SampleImage.png()).isEqualTo(SampleImage.png());
    }
}

package io.codeclab.orchestrator.playground;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** The playground's sample frame: a {@value #WIDTH}x{@value #HEIGHT} PNG drawn once, the same on every call. */
public final class SampleImage {

    public static final int WIDTH = 320;
    public static final int HEIGHT = 240;
    private static volatile byte[] png;

    private SampleImage() {
    }

    public static byte[] png() {
        var p = png;
        if (p == null) {
            p = draw();
            png = p;
        }
        return p.clone();
    }

    private static byte[] draw() {
        var image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        try {
            g.setPaint(new GradientPaint(0, 0, new Color(20, 60, 120), WIDTH, HEIGHT, new Color(230, 200, 90)));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(new Color(40, 140, 60));
            g.fillRect(30, 150, 100, 60);
            g.setColor(new Color(250, 250, 250));
            g.fillOval(200, 40, 70, 70);
        } finally {
            g.dispose();
        }
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the sample image", e);
        }
        return out.toByteArray();
    }
}

package io.codeclab.orchestrator.playground;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** The last few result images, in memory under unguessable ids; the oldest goes when one more comes. */
final class ResultImages {

    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[]> images;

    ResultImages(int capacity) {
        this.images = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized String put(byte[] png) {
        var bytes = new byte[16];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        images.put(id, png);
        return id;
    }

    synchronized byte[] get(String id) {
        return images.get(id);
    }
}

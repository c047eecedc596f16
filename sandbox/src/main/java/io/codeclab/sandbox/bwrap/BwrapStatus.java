package io.codeclab.sandbox.bwrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.MappingIterator;
import io.codeclab.sandbox.SandboxException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What bwrap wrote to its {@code --json-status-fd}: a "child-pid" document once the program started and an
 * "exit-code" document when it ended. Written by bwrap outside the sandbox, so the program cannot forge it.
 */
record BwrapStatus(boolean childStarted, boolean exited, int exitCode) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static BwrapStatus read(Path file) {
        if (!Files.exists(file)) {
            return new BwrapStatus(false, false, -1);
        }
        boolean started = false;
        Integer exit = null;
        try (MappingIterator<JsonNode> docs = JSON.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                if (doc.has("child-pid")) {
                    started = true;
                }
                if (doc.has("exit-code")) {
                    exit = doc.get("exit-code").asInt();
                }
            }
        } catch (IOException e) {
            // bwrap killed while writing leaves a cut-off last document; what was read before still holds.
            if (!started) {
                throw new SandboxException("cannot parse bwrap's status file " + file + ": " + e.getMessage(), e);
            }
        }
        return new BwrapStatus(started, exit != null, exit == null ? -1 : exit);
    }
}

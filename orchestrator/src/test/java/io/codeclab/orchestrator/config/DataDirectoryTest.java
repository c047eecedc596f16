package io.codeclab.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void aMissingDataDirectoryAndItsMissingParentsAreCreatedOwnerOnly() throws Exception {
        Path data = tmp.resolve("parent").resolve("data");

        DataDirectory.create(data);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void anExistingDataDirectoryKeepsItsMode() throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-x---"));

        DataDirectory.create(shared);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rwxr-x---");
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedIsAConfigurationError() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertThatThrownBy(() -> DataDirectory.create(file.resolve("data")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("cannot create the data directory "
                        + file.resolve("data"));
    }

    @Test
    void everyPathTheBwrapSandboxBindsIsRefused() {
        for (var visible : DataDirectory.SANDBOX_VISIBLE) {
            assertThatThrownBy(() -> DataDirectory.check("CODEC_LAB_DATA_DIR", visible.resolve("codec-lab")))
                    .as(visible.toString()).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("lies under " + visible);
        }
    }
}

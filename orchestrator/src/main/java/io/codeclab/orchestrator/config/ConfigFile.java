package io.codeclab.orchestrator.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The {@code --config} file: a UTF-8 properties file of {@code CODEC_LAB_*=value} lines, refused clearly when it is not. */
final class ConfigFile {

    private ConfigFile() {
    }

    static Map<String, String> read(Path file) {
        if (Files.isDirectory(file)) {
            throw new ConfigException("the configuration file " + file + " is a directory; give a properties file "
                    + "with CODEC_LAB_*=value lines");
        }
        if (!Files.exists(file)) {
            throw new ConfigException("the configuration file " + file + " does not exist");
        }
        var props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigException("the configuration file " + file + " is not UTF-8 text (is it the right file?)", e);
        } catch (IllegalArgumentException e) {
            // Properties' own complaint, about a malformed backslash-u escape.
            throw new ConfigException("the configuration file " + file + " is not a properties file: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConfigException("cannot read the configuration file " + file + ": " + e.getMessage(), e);
        }
        var map = new LinkedHashMap<String, String>();
        props.forEach((k, v) -> map.put(k.toString().trim(), v.toString().trim()));
        return map;
    }
}

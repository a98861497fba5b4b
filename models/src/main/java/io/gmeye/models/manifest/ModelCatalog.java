package io.gmeye.models.manifest;

import io.gmeye.platform.config.ConfigException;
import io.gmeye.platform.config.YamlConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The manifests the agent knows: the built-in ones (packaged from models/manifests/) and any
 * a user adds beside their own models (a YOLOv5/v8 export they bring) as NAME.yaml in the models
 * folder. A user manifest with a built-in's name replaces it.
 */
public final class ModelCatalog {
    public static final List<String> BUILT_IN = List.of("yolox-nano", "ppocr-det", "blazeface-front", "blazeface-back");
    private static final YamlConfigLoader LOADER = new YamlConfigLoader("GMEYE_MODEL_");

    private final Map<String, ModelManifest> byName;

    private ModelCatalog(Map<String, ModelManifest> byName) {
        this.byName = Map.copyOf(byName);
    }

    public static ModelCatalog builtIn() {
        return load(null);
    }

    /** Built-in manifests plus the *.yaml files of {@code userDir} (which may not exist). */
    public static ModelCatalog load(Path userDir) {
        Map<String, ModelManifest> found = new LinkedHashMap<>();
        for (String name : BUILT_IN) {
            String resource = "/io/gmeye/models/manifests/" + name + ".yaml";
            try (InputStream in = ModelCatalog.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("built-in manifest " + resource + " is missing from the classpath");
                }
                found.put(name, parse(name + ".yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (userDir != null && Files.isDirectory(userDir)) {
            try (Stream<Path> files = Files.list(userDir)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                    ModelManifest m = parse(p.getFileName().toString(), Files.readString(p));
                    found.put(m.name(), m);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ModelCatalog(found);
    }

    public static ModelManifest parse(String fileName, String yaml) {
        return LOADER.loadString(fileName, yaml, ModelManifest.class, Map.of());
    }

    public Optional<ModelManifest> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public ModelManifest get(String name) {
        return find(name).orElseThrow(() -> new ConfigException("no model manifest named '" + name + "' (known: " + byName.keySet() + ")"));
    }

    public Collection<ModelManifest> all() {
        return byName.values();
    }
}

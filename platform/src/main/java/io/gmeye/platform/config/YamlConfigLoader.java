package io.gmeye.platform.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads one YAML file into an immutable configuration record: environment overrides applied
 * ({@code GMEYE_HUB_URL} sets {@code hub.url}), unknown fields refused, every {@link Validated}
 * record checked. A bad file fails at start with the field's path and the problem, so nothing
 * starts half-configured.
 */
public final class YamlConfigLoader {
    private final ObjectMapper yaml;
    private final String envPrefix;

    public YamlConfigLoader(String envPrefix) {
        this.envPrefix = envPrefix;
        SimpleModule units = new SimpleModule("gmeye-units");
        units.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                return DurationText.parse(p.getValueAsString());
            }
        });
        units.addDeserializer(ByteSize.class, new JsonDeserializer<>() {
            @Override
            public ByteSize deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                return ByteSize.parse(p.getValueAsString());
            }
        });
        this.yaml = new ObjectMapper(new YAMLFactory())
                .registerModule(units)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public <T> T load(Path file, Class<T> type, Map<String, String> env) {
        String name = file.getFileName().toString();
        JsonNode tree;
        try {
            tree = yaml.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(name + ": not valid YAML: " + firstLine(e.getMessage()));
        }
        return bind(name, tree, type, env);
    }

    public <T> T loadString(String name, String text, Class<T> type, Map<String, String> env) {
        try {
            return bind(name, yaml.readTree(text), type, env);
        } catch (IOException e) {
            throw new ConfigException(name + ": not valid YAML: " + firstLine(e.getMessage()));
        }
    }

    private <T> T bind(String name, JsonNode tree, Class<T> type, Map<String, String> env) {
        ObjectNode root = tree instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        applyEnv(name, root, type, env);
        T value;
        try {
            value = yaml.treeToValue(root, type);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(name + ": " + path(e) + ": unknown field (known: " + known(e.getKnownPropertyIds()) + ")");
        } catch (JsonMappingException e) {
            throw new ConfigException(name + ": " + path(e) + ": " + rootMessage(e));
        } catch (IOException e) {
            throw new ConfigException(name + ": " + firstLine(e.getMessage()));
        }
        validateTree(name, "", value);
        return value;
    }

    /** GMEYE_OUTBOX_MAXBYTES=2GiB sets outbox.maxBytes: names resolved against the record, case-insensitively. */
    private void applyEnv(String name, ObjectNode root, Class<?> type, Map<String, String> env) {
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getKey().startsWith(envPrefix)) {
                continue;
            }
            String[] parts = e.getKey().substring(envPrefix.length()).toLowerCase(Locale.ROOT).split("_");
            List<String> path = resolve(type, parts, 0);
            if (path == null) {
                continue; // not ours: other GMEYE_ variables (GMEYE_HOME...) are for the launcher
            }
            ObjectNode node = root;
            for (int i = 0; i < path.size() - 1; i++) {
                JsonNode child = node.get(path.get(i));
                if (!(child instanceof ObjectNode)) {
                    child = node.putObject(path.get(i));
                }
                node = (ObjectNode) child;
            }
            try {
                node.set(path.get(path.size() - 1), yaml.readTree(e.getValue()));
            } catch (IOException ex) {
                throw new ConfigException(name + ": environment " + e.getKey() + ": not a valid value: " + firstLine(ex.getMessage()));
            }
        }
    }

    /** Matches env name parts to record components; a component may span several parts (MAX_BYTES -> maxBytes). */
    private static List<String> resolve(Class<?> type, String[] parts, int from) {
        if (from >= parts.length || type == null || !type.isRecord()) {
            return null;
        }
        for (RecordComponent c : type.getRecordComponents()) {
            String lower = c.getName().toLowerCase(Locale.ROOT);
            StringBuilder joined = new StringBuilder();
            for (int end = from; end < parts.length; end++) {
                joined.append(parts[end]);
                if (!lower.startsWith(joined.toString())) {
                    break;
                }
                if (lower.contentEquals(joined)) {
                    if (end == parts.length - 1) {
                        return new ArrayList<>(List.of(c.getName()));
                    }
                    List<String> rest = resolve(c.getType(), parts, end + 1);
                    if (rest != null) {
                        rest.add(0, c.getName());
                        return rest;
                    }
                }
            }
        }
        return null;
    }

    private static void validateTree(String name, String path, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Validated v) {
            try {
                v.validate();
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name + ": " + (path.isEmpty() ? "" : path + ".") + e.getMessage());
            }
        }
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object o : c) {
                validateTree(name, path + "[" + i++ + "]", o);
            }
            return;
        }
        if (value.getClass().isRecord()) {
            for (RecordComponent rc : value.getClass().getRecordComponents()) {
                try {
                    Object child = rc.getAccessor().invoke(value);
                    if (child != null && (child.getClass().isRecord() || child instanceof Collection<?>)) {
                        validateTree(name, (path.isEmpty() ? "" : path + ".") + rc.getName(), child);
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "(top)" : sb.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof IllegalArgumentException && t.getMessage() != null) {
            return t.getMessage();
        }
        return e instanceof JsonMappingException jm ? firstLine(jm.getOriginalMessage()) : firstLine(t.getMessage());
    }

    private static String known(Collection<Object> ids) {
        List<String> names = new ArrayList<>();
        for (Object o : ids) {
            names.add(String.valueOf(o));
        }
        names.sort(null);
        return String.join(", ", names);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}

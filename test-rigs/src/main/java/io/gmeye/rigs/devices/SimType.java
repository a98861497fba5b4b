package io.gmeye.rigs.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A device type as the simulator reads it from the same descriptor files the agent loads
 * (config/device-types/*.yaml), enough to make plausible readings and deliberately bad ones.
 * The rig reads the files itself: it depends on no agent code.
 */
public record SimType(String type, List<Field> fields, List<String> events) {
    public record Field(String name, String kind, Double min, Double max, List<String> values, boolean required) {
    }

    public static List<SimType> load(Path dir) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<SimType> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode n = yaml.readTree(f.toFile());
                List<Field> fields = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.get("fields").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode v = e.getValue();
                    List<String> values = new ArrayList<>();
                    if (v.has("values")) {
                        v.get("values").forEach(x -> values.add(x.asText()));
                    }
                    fields.add(new Field(e.getKey(), v.path("kind").asText("number"), v.has("min") ? v.get("min").asDouble() : null,
                            v.has("max") ? v.get("max").asDouble() : null, values, v.path("required").asBoolean(false)));
                }
                List<String> events = new ArrayList<>();
                n.path("events").fieldNames().forEachRemaining(events::add); // events: {name: {declared data fields}}
                out.add(new SimType(n.get("type").asText(), fields, events));
            }
        }
        return out;
    }

    /** Readings every field of which lies within its declared range. */
    public Map<String, Object> reading(Random rnd) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Field f : fields) {
            if (!f.required() && rnd.nextInt(4) == 0) {
                continue;
            }
            double lo = f.min() == null ? 0 : f.min();
            double hi = f.max() == null ? 100 : Math.min(f.max(), lo + 1_000_000);
            switch (f.kind()) {
                case "boolean" -> m.put(f.name(), rnd.nextBoolean());
                case "integer" -> m.put(f.name(), (long) Math.floor(lo + rnd.nextDouble() * (hi - lo)));
                case "enum" -> m.put(f.name(), f.values().get(rnd.nextInt(f.values().size())));
                case "text" -> m.put(f.name(), "t" + rnd.nextInt(1000));
                default -> m.put(f.name(), Math.round((lo + rnd.nextDouble() * (hi - lo)) * 100) / 100.0);
            }
        }
        return m;
    }

    /** A reading the agent must refuse: out of range, wrong type, or an unknown field. */
    public Map<String, Object> badReading(Random rnd) {
        Map<String, Object> m = reading(rnd);
        Field f = fields.get(0);
        switch (rnd.nextInt(3)) {
            case 0 -> m.put(f.name(), f.max() != null ? f.max() * 10 + 1 : "not-a-number");
            case 1 -> m.put(f.name(), "garbage");
            default -> m.put("no_such_field", 1);
        }
        return m;
    }
}

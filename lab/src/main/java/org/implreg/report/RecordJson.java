package org.implreg.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.implreg.io.Json;

/**
 * The one serializer of typed results: a reproduction's summary record ({@code reproduce.Summary}) to summary.json's
 * keys, an analysis's result (conjecture.json, atlas.json), and the
 * records a reproduction keeps in {@link Rows} to and from their stored JSON.
 *
 * <ul>
 * <li>Keys: a record component {@code perAlpha} is the key {@code per_alpha} (snake_case), in the order the
 *     components are declared; {@code @JsonProperty("...")} names a key that is not that.</li>
 * <li>Numbers: a non-finite double is written as null, and a null read into a {@code double} is NaN, so a record
 *     read back from its JSON equals the record written whatever its values ({@link #roundTrip}).</li>
 * <li>A type with a {@code @JsonValue} method is written as that value (a reproduction's {@code Finding} as its map, a
 *     {@code Verdict} as its word).</li>
 * <li>Reading refuses a key the record does not declare (a renamed key fails rather than reads as NaN).</li>
 * </ul>
 */
public final class RecordJson {
    private RecordJson() {}

    /** The mapper of typed results (thread-safe). */
    static final ObjectMapper MAPPER = JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .addModule(new SimpleModule("implreg-finite")
            .addSerializer(Double.class, new FiniteDouble())
            .addSerializer(Double.TYPE, new FiniteDouble())
            .addSerializer(double[].class, new FiniteDoubles())
            .addDeserializer(Double.TYPE, new NullIsNaN())
            .addDeserializer(double[].class, new NullsAreNaN())
            .setSerializerModifier(new RecordOrder()))
        .build();

    /** A record's keys in order, as JSON writes them (see the class comment). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(Object record) {
        JsonNode tree = MAPPER.valueToTree(record);
        Map<String, Object> m = Json.MAPPER.convertValue(tree, LinkedHashMap.class);
        return m;
    }

    /** The JSON tree of a record (non-finite numbers as null). */
    public static JsonNode toTree(Object record) {
        return MAPPER.valueToTree(record);
    }

    /**
     * The record of type {@code type} that {@code tree} holds.
     *
     * @throws IllegalStateException when the tree does not hold one (a key it does not declare, a wrong type)
     */
    public static <T> T fromTree(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("stored JSON is not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** {@code record} written to JSON and read back: what a later run that reads it from a store sees. */
    @SuppressWarnings("unchecked")
    public static <T> T roundTrip(T record) {
        return fromTree(toTree(record), (Class<T>) record.getClass());
    }

    private static final class FiniteDouble extends StdSerializer<Double> {
        FiniteDouble() {
            super(Double.class);
        }

        @Override
        public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (Double.isFinite(v)) {
                g.writeNumber(v);
            } else {
                g.writeNull();
            }
        }
    }

    private static final class FiniteDoubles extends StdSerializer<double[]> {
        FiniteDoubles() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] a, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartArray(a, a.length);
            for (double v : a) {
                if (Double.isFinite(v)) {
                    g.writeNumber(v);
                } else {
                    g.writeNull();
                }
            }
            g.writeEndArray();
        }
    }

    /** A record's keys in the order of its components (Jackson would move a renamed one to the end). */
    private static final class RecordOrder extends BeanSerializerModifier {
        @Override
        public List<BeanPropertyWriter> orderProperties(SerializationConfig config, BeanDescription desc, List<BeanPropertyWriter> props) {
            Class<?> c = desc.getBeanClass();
            if (!c.isRecord()) {
                return props;
            }
            List<String> order = new ArrayList<>();
            for (RecordComponent rc : c.getRecordComponents()) {
                order.add(rc.getName());
            }
            List<BeanPropertyWriter> sorted = new ArrayList<>(props);
            sorted.sort(Comparator.comparingInt(w -> {
                int i = order.indexOf(w.getMember().getName());
                return i < 0 ? Integer.MAX_VALUE : i;
            }));
            return sorted;
        }
    }

    private static final class NullsAreNaN extends StdScalarDeserializer<double[]> {
        NullsAreNaN() {
            super(double[].class);
        }

        @Override
        public double[] deserialize(JsonParser p, DeserializationContext c) throws IOException {
            if (!p.isExpectedStartArrayToken()) {
                return (double[]) c.handleUnexpectedToken(double[].class, p);
            }
            double[] a = new double[8];
            int n = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (n == a.length) {
                    a = java.util.Arrays.copyOf(a, 2 * n);
                }
                a[n++] = t == JsonToken.VALUE_NULL ? Double.NaN : p.getValueAsDouble();
            }
            return java.util.Arrays.copyOf(a, n);
        }
    }

    private static final class NullIsNaN extends StdScalarDeserializer<Double> {
        NullIsNaN() {
            super(Double.TYPE);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext c) throws IOException {
            return p.getValueAsDouble();
        }

        @Override
        public Double getNullValue(DeserializationContext c) {
            return Double.NaN;
        }
    }
}

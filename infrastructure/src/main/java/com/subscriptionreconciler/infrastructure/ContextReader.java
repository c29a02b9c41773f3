package com.subscriptionreconciler.infrastructure;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads typed values from CDK context and collects what is wrong with them.
 *
 * <p>Context arrives in two shapes: JSON values from {@code cdk.json} (booleans, numbers, arrays) and plain
 * strings from {@code cdk synth -c key=value}. Every accessor accepts both, so {@code -c vpcHasNatEgress=true}
 * and {@code "vpcHasNatEgress": true} mean the same, and a list may be a JSON array or a comma-separated string.
 * An empty string counts as "not set".
 *
 * <p>A value that is missing or cannot be used does not stop the reading: the accessor records the problem
 * (one per key, the first found) and returns the default, so that {@link #failOnProblems()} can report every
 * problem of the configuration in one message. A synth round takes half a minute; fixing one key per round is
 * what this avoids.
 */
final class ContextReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, Object> lookup;
    private final Map<String, String> problems = new LinkedHashMap<>();

    ContextReader(Function<String, Object> lookup) {
        this.lookup = lookup;
    }

    /** Records a problem with {@code key}, unless one was already recorded for it (the first says most). */
    void problem(String key, String message) {
        problems.putIfAbsent(key, message);
    }

    boolean hasProblem(String key) {
        return problems.containsKey(key);
    }

    /** Records {@code message} for {@code key} when {@code ok} is false. */
    void check(boolean ok, String key, String message) {
        if (!ok) {
            problem(key, message);
        }
    }

    /** Throws one {@link ConfigurationException} naming every problem found, if there is any. */
    void failOnProblems() {
        if (problems.isEmpty()) {
            return;
        }
        List<String> messages = new ArrayList<>(problems.values());
        if (messages.size() == 1) {
            throw new ConfigurationException(messages.get(0));
        }
        StringBuilder text = new StringBuilder(messages.size()
                + " context values need fixing (in cdk.json or with -c key=value):");
        messages.forEach(m -> text.append(System.lineSeparator()).append("  - ").append(m));
        throw new ConfigurationException(text.toString());
    }

    Optional<String> optionalString(String key) {
        Object value = lookup.apply(key);
        if (value == null) {
            return Optional.empty();
        }
        String text = value.toString().trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    String string(String key, String defaultValue) {
        return optionalString(key).orElse(defaultValue);
    }

    /** The value, or an empty string (never used: the missing key is a problem) when it is not set. */
    String requiredString(String key, String why) {
        Optional<String> value = optionalString(key);
        if (value.isEmpty()) {
            problem(key, "Missing context value '" + key + "': " + why + " (set it in cdk.json or pass -c " + key
                    + "=...)");
        }
        return value.orElse("");
    }

    /** Records a problem when a set {@code value} of {@code key} does not match; the message quotes the value. */
    void requireMatch(Pattern pattern, String key, String value, String expected) {
        if (value != null && !value.isEmpty() && !pattern.matcher(value).matches()) {
            problem(key, "'" + key + "' must be " + expected + ", got '" + value + "'");
        }
    }

    boolean bool(String key, boolean defaultValue) {
        Object value = lookup.apply(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "" -> defaultValue;
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> {
                problem(key, "Context value '" + key + "' must be true or false, got '" + value + "'");
                yield defaultValue;
            }
        };
    }

    int integer(String key, int defaultValue, int min, int max) {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = new BigDecimal(text.get()).intValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            problem(key, "Context value '" + key + "' must be a whole number, got '" + text.get() + "'");
            return defaultValue;
        }
        if (parsed < min || parsed > max) {
            problem(key, "Context value '" + key + "' must be between " + min + " and " + max + ", got " + parsed);
            return defaultValue;
        }
        return parsed;
    }

    BigDecimal decimal(String key, String defaultValue) {
        String text = string(key, defaultValue);
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            problem(key, "Context value '" + key + "' must be a number, got '" + text + "'");
            return new BigDecimal(defaultValue);
        }
    }

    List<String> list(String key) {
        Object value = lookup.apply(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(Object::toString).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        return Arrays.stream(value.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** One of an enum's constants, written in lower case with '-' or '_'; the default when unset or unknown. */
    /**
     * A JSON value: text from {@code -c key=...}, or an object or array written as such in {@code cdk.json}.
     * Empty when unset or not valid JSON (a problem then).
     */
    Optional<JsonNode> json(String key) {
        Object value = lookup.apply(key);
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            return Optional.of(JSON.valueToTree(value));
        }
        Optional<String> text = optionalString(key);
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(JSON.readTree(text.get()));
        } catch (JsonProcessingException e) {
            // not the parser's message: it quotes the text around the error, which could be a pasted key
            problem(key, "Context value '" + key + "' is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
            return Optional.empty();
        }
    }

    /**
     * A JSON object, or empty when unset or not one (a problem then, saying it must be a JSON object
     * {@code shape}, e.g. "of price id to tier, such as {...}").
     */
    Optional<JsonNode> jsonObject(String key, String shape) {
        Optional<JsonNode> parsed = json(key);
        if (parsed.isPresent() && !parsed.get().isObject()) {
            problem(key, "'" + key + "' must be a JSON object " + shape);
            return Optional.empty();
        }
        return parsed;
    }

    /** The text of a JSON value as it was given: the {@code -c} string itself, or an object's compact JSON. */
    String jsonText(String key, JsonNode parsed) {
        Object value = lookup.apply(key);
        return value instanceof Map<?, ?> || value instanceof Collection<?> ? parsed.toString() : value.toString().trim();
    }

    <E extends Enum<E>> E enumeration(Class<E> type, String key, E defaultValue) {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        String name = text.get().toUpperCase(Locale.ROOT).replace('-', '_').replace("ARM64", "ARM_64");
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            problem(key, "'" + key + "' must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(v -> v.name().toLowerCase(Locale.ROOT).replace("arm_64", "arm64")).toList()
                    + ", got '" + text.get() + "'");
            return defaultValue;
        }
    }
}

package com.subscriptionreconciler.infrastructure;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads typed values from CDK context.
 *
 * <p>Context arrives in two shapes: JSON values from {@code cdk.json} (booleans, numbers, arrays) and plain
 * strings from {@code cdk synth -c key=value}. Every accessor accepts both, so {@code -c vpcHasNatEgress=true}
 * and {@code "vpcHasNatEgress": true} mean the same, and a list may be a JSON array or a comma-separated string.
 * An empty string counts as "not set". A value that cannot be parsed fails synthesis naming the key.
 */
final class ContextReader {

    private final Function<String, Object> lookup;

    ContextReader(Function<String, Object> lookup) {
        this.lookup = lookup;
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

    String requiredString(String key, String why) {
        return optionalString(key).orElseThrow(() -> new ConfigurationException(
                "Missing context value '" + key + "': " + why + " (set it in cdk.json or pass -c " + key + "=...)"));
    }

    boolean bool(String key, boolean defaultValue) {
        Object value = lookup.apply(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim().toLowerCase();
        return switch (text) {
            case "" -> defaultValue;
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new ConfigurationException(
                    "Context value '" + key + "' must be true or false, got '" + value + "'");
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
            throw new ConfigurationException(
                    "Context value '" + key + "' must be a whole number, got '" + text.get() + "'");
        }
        if (parsed < min || parsed > max) {
            throw new ConfigurationException("Context value '" + key + "' must be between " + min + " and " + max
                    + ", got " + parsed);
        }
        return parsed;
    }

    BigDecimal decimal(String key, String defaultValue) {
        String text = string(key, defaultValue);
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new ConfigurationException("Context value '" + key + "' must be a number, got '" + text + "'");
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
}

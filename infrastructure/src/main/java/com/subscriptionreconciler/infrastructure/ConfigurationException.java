package com.subscriptionreconciler.infrastructure;

/** A deployment configuration that cannot be synthesized; the message says which context key to fix and how. */
public final class ConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }
}

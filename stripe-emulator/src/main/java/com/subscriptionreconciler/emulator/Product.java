package com.subscriptionreconciler.emulator;

import java.util.Map;

/** A product as stored by the emulator (immutable; JSON is rendered on the fly). */
public record Product(String id, String name, long created, boolean active, Map<String, String> metadata)
    implements Stored {}

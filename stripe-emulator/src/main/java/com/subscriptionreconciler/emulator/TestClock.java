package com.subscriptionreconciler.emulator;

/**
 * A sandbox test clock ({@code test_helpers.test_clock}). Customers attached to it, and their
 * subscriptions, are left out of the plain subscription list, as Stripe does: only a list given
 * {@code test_clock} or {@code customer} shows them.
 */
public record TestClock(String id, String name, long frozenTime, long created) implements Stored {}

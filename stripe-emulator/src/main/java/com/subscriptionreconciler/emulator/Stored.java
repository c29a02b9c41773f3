package com.subscriptionreconciler.emulator;

/** What every listable object has: the two fields Stripe orders lists by. */
public sealed interface Stored permits Customer, Product, Price, Subscription, Event, TestClock {
  String id();

  long created();
}

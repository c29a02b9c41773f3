package com.subscriptionreconciler.realtime;

/** A request body or queue message that is not a Stripe event this path can read. The message names no secret. */
public final class MalformedEventException extends RuntimeException {
  public MalformedEventException(String message) {
    super(message);
  }
}

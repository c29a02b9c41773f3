package com.subscriptionreconciler.realtime;

/** A webhook request answered 400 with nothing enqueued: unsigned, badly signed, stale, oversized or not an event. */
public final class RejectedRequestException extends RuntimeException {
  public RejectedRequestException(String message) {
    super(message);
  }
}

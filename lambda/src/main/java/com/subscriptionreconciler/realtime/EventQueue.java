package com.subscriptionreconciler.realtime;

/** Where the receiver puts verified events: SQS in AWS, an in-process queue under {@code listen}. */
@FunctionalInterface
public interface EventQueue {
  /** @throws EventQueueException when the message could not be stored; the receiver then answers 5xx */
  void send(EventReference event);

  /** The queue could not take a message: Stripe will deliver the event again. */
  final class EventQueueException extends RuntimeException {
    public EventQueueException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

package com.subscriptionreconciler.lambda;

/** The invocation payload is not a valid SPEC §4 payload; nothing was read or written. */
public class InvalidPayloadException extends RuntimeException {
  public InvalidPayloadException(String message) {
    super(message);
  }
}

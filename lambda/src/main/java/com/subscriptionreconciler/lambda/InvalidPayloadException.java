package com.subscriptionreconciler.lambda;

/** The invocation payload is not a valid payload (docs/reference.md, Lambda payloads); nothing was read or written. */
public class InvalidPayloadException extends RuntimeException {
  public InvalidPayloadException(String message) {
    super(message);
  }
}

package com.subscriptionreconciler.db;

import com.subscriptionreconciler.failure.ActionableFailure;

/**
 * The pool could not open its first connection: where it tried ({@code host:port}, the user), why in plain words,
 * and what to check. The message never contains a credential; the driver's exception is the cause.
 */
public final class DatabaseConnectionException extends RuntimeException implements ActionableFailure {
  private final String fix;

  DatabaseConnectionException(String detail, String fix, Throwable cause) {
    super(detail, cause);
    this.fix = fix;
  }

  @Override
  public String detail() {
    return getMessage();
  }

  @Override
  public String fix() {
    return fix;
  }
}

package com.subscriptionreconciler.schema;

/** The catalogue could not be read (the database is unreachable or refuses the query): the run cannot start. */
public final class SchemaUnreadableException extends RuntimeException {
  public SchemaUnreadableException(String message, Throwable cause) {
    super(message, cause);
  }
}

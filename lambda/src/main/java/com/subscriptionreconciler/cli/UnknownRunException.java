package com.subscriptionreconciler.cli;

/**
 * The operator named a run that does not exist ({@code show}, {@code rollback}). A usage error (exit 2), but
 * without the usage text: the command line was well-formed, only the id was wrong.
 */
final class UnknownRunException extends RuntimeException {
  UnknownRunException(String message) {
    super(message);
  }
}

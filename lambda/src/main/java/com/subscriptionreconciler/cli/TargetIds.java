package com.subscriptionreconciler.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parse-time validation of the values {@code reconcile} targets, with the same rules the Lambda payload parser
 * applies: a value Stripe could never have ({@code cus_}/{@code sub_} prefixes) or a non-positive organization id
 * is a usage error, not a targeted run that silently matches nothing.
 */
final class TargetIds {
  private TargetIds() {}

  static final class OrganizationId implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        long id = Long.parseLong(value.trim());
        if (id > 0) {
          return id;
        }
      } catch (NumberFormatException e) {
        // fall through to the one message
      }
      throw new TypeConversionException("'" + value + "' is not an organization id (a positive integer)");
    }
  }

  static final class CustomerId implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      // a customer represented as an Account (Accounts v2) is named by its acct_… id
      return prefixed(value, "a Stripe customer id", "cus_", "acct_");
    }
  }

  static final class SubscriptionId implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return prefixed(value, "a Stripe subscription id", "sub_");
    }
  }

  private static String prefixed(String value, String what, String... prefixes) {
    String trimmed = value.trim();
    for (String prefix : prefixes) {
      if (trimmed.length() > prefix.length() && trimmed.startsWith(prefix)
          && trimmed.chars().noneMatch(Character::isWhitespace)) {
        return trimmed;
      }
    }
    throw new TypeConversionException("'" + value + "' is not " + what + " (expected "
        + String.join(" or ", java.util.Arrays.stream(prefixes).map(p -> p + "…").toList()) + ")");
  }
}

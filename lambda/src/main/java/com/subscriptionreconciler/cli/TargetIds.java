package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.run.StripeIds;
import java.util.function.Predicate;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parse-time validation of the values {@code reconcile} targets, with the same rules the Lambda payload parser
 * applies ({@link StripeIds}): a value Stripe could never have or a non-positive organization id
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
      return shaped(value, StripeIds::isCustomer, "a Stripe customer id", StripeIds.CUSTOMER_SHAPE);
    }
  }

  static final class SubscriptionId implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return shaped(value, StripeIds::isSubscription, "a Stripe subscription id", StripeIds.SUBSCRIPTION_SHAPE);
    }
  }

  private static String shaped(String value, Predicate<String> valid, String what, String shape) {
    String trimmed = value.trim();
    if (valid.test(trimmed)) {
      return trimmed;
    }
    throw new TypeConversionException("'" + value + "' is not " + what + " (expected " + shape + ")");
  }
}

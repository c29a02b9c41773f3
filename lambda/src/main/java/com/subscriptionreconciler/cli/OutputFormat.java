package com.subscriptionreconciler.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --format}. Each command accepts its own subset; the converters reject the rest at parse time, so a typo
 * is a usage error (exit 2) before any configuration is read.
 */
enum OutputFormat {
  TEXT, JSON, CSV;

  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  private static OutputFormat parse(String value, List<OutputFormat> allowed) {
    for (OutputFormat format : allowed) {
      if (format.wireName().equals(value)) {
        return format;
      }
    }
    String expected = allowed.stream().map(OutputFormat::wireName).collect(Collectors.joining(", "));
    throw new TypeConversionException("expected one of " + expected + " but was '" + value + "'");
  }

  /** {@code reconcile}, {@code rollback}, {@code runs}: a report or a list has no single-table CSV form. */
  static final class TextOrJson implements ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      return parse(value, List.of(TEXT, JSON));
    }
  }

  /** {@code show}: its changes are one table, so CSV makes sense there. */
  static final class Any implements ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      return parse(value, Arrays.asList(values()));
    }
  }
}

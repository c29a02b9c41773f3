package com.subscriptionreconciler.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueTypeTest {

  @ParameterizedTest(name = "{0} encodes as {1}")
  @CsvSource({
    "2026-11-26T15:00:00Z,           2026-11-26T15:00:00.000Z",
    "2026-11-26T15:00:00.1Z,         2026-11-26T15:00:00.100Z",
    "2026-11-26T15:00:00.123456789Z, 2026-11-26T15:00:00.123Z",
    "2026-11-26T15:00:00.999999Z,    2026-11-26T15:00:00.999Z",
    "1970-01-01T00:00:00Z,           1970-01-01T00:00:00.000Z",
  })
  void instantsAreUtcWithExactlyThreeFractionDigitsTruncated(String instant, String expected) {
    assertThat(ValueType.INSTANT.encode(Instant.parse(instant))).isEqualTo(expected);
  }

  @Test
  void theDirectInstantEncodingMatchesTheFormatterEverywhere() {
    DateTimeFormatter reference =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    Random random = new Random(17);
    long from = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
    long to = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
    List<Instant> instants = new ArrayList<>(List.of(
        Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("0999-09-09T09:09:09.009Z"),
        Instant.parse("1970-01-01T00:00:00Z"), Instant.parse("2026-02-28T23:59:59.999999Z"),
        Instant.parse("9999-12-31T23:59:59.999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
        Instant.parse("-0001-12-31T23:59:59Z")));
    for (int i = 0; i < 20_000; i++) {
      instants.add(Instant.ofEpochMilli(from + (long) (random.nextDouble() * (to - from))).plusNanos(random.nextInt(1_000_000)));
    }

    for (Instant instant : instants) {
      assertThat(ValueType.INSTANT.encode(instant))
          .as("%s", instant)
          .isEqualTo(reference.format(instant.truncatedTo(ChronoUnit.MILLIS)));
    }
  }

  @Test
  void instantRoundTripsAtMillisecondPrecision() {
    Instant nanos = Instant.parse("2026-11-26T15:00:00.123456789Z");
    String text = ValueType.INSTANT.encode(nanos);
    assertThat(ValueType.INSTANT.decode(text)).isEqualTo(Instant.parse("2026-11-26T15:00:00.123Z"));
    assertThat(ValueType.INSTANT.encode(ValueType.INSTANT.decode(text))).isEqualTo(text);
  }

  @Test
  void instantsEqualAtMillisecondsAreTheSameValue() {
    // Stripe gives whole seconds, DATETIME(3) gives millis back: sub-millisecond noise is not drift.
    assertThat(ValueType.INSTANT.same("2026-11-26T15:00:00.123456Z", "2026-11-26T15:00:00.123Z")).isTrue();
    assertThat(ValueType.INSTANT.same("2026-11-26T15:00:00Z", "2026-11-26T15:00:00.000Z")).isTrue();
    assertThat(ValueType.INSTANT.same("2026-11-26T15:00:00.123Z", "2026-11-26T15:00:00.124Z")).isFalse();
    assertThat(ValueType.INSTANT.same(null, "2026-11-26T15:00:00.000Z")).isFalse();
  }

  @Test
  void integersAndBooleans() {
    assertThat(ValueType.INTEGER.encode(7)).isEqualTo("7");
    assertThat(ValueType.INTEGER.encode(7L)).isEqualTo("7");
    assertThat(ValueType.INTEGER.decode("7")).isEqualTo(7L);
    assertThat(ValueType.BOOLEAN.encode(true)).isEqualTo("true");
    assertThat(ValueType.BOOLEAN.encode(false)).isEqualTo("false");
    assertThat(ValueType.BOOLEAN.decode("true")).isEqualTo(true);
    assertThat(ValueType.BOOLEAN.decode("0")).isEqualTo(false);
    assertThatThrownBy(() -> ValueType.BOOLEAN.decode("yes")).isInstanceOf(IllegalArgumentException.class);
    assertThat(ValueType.TEXT.encode("pro")).isEqualTo("pro");
  }

  @Test
  void nullIsSqlNullForEveryType() {
    for (ValueType t : ValueType.values()) {
      assertThat(t.encode(null)).isNull();
      assertThat(t.decode(null)).isNull();
      assertThat(t.same(null, null)).isTrue();
    }
  }

  @Test
  void jsonIsSortedRecursivelyWithoutWhitespace() {
    assertThat(ValueType.JSON.encode("{ \"b\": 1, \"a\": {\"z\": [ {\"y\":1,\"x\":2} ], \"c\": null} }"))
        .isEqualTo("{\"a\":{\"c\":null,\"z\":[{\"x\":2,\"y\":1}]},\"b\":1}");
  }

  @Test
  void metadataMapsEncodeTheSameInAnyOrder() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");
    assertThat(CanonicalJson.of(ab)).isEqualTo(CanonicalJson.of(ba)).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
    assertThat(ValueType.JSON.same("{\"b\": \"2\", \"a\": \"1\"}", CanonicalJson.of(ab))).isTrue();
  }

  @Test
  void emptyObjectAndNullAreTheSameJsonValue() {
    assertThat(ValueType.JSON.same(null, "{}")).isTrue();
    assertThat(ValueType.JSON.same("{ }", null)).isTrue();
    assertThat(ValueType.JSON.same(null, "{\"a\":\"1\"}")).isFalse();
    assertThat(ValueType.JSON.same("[]", null)).isFalse();
  }

  @Test
  void invalidJsonIsKeptVerbatimAndDiffersFromEveryCanonicalValue() {
    assertThat(ValueType.JSON.encode(" {not json ")).isEqualTo("{not json");
    assertThat(ValueType.JSON.same("{not json", "{}")).isFalse();
  }

  @Test
  void jsonValuesWithEscapesRoundTrip() {
    String tricky = CanonicalJson.of(Map.of("quote\"key", "line\nbreak", "ü", "✓"));
    assertThat(ValueType.JSON.canonicalize(tricky)).isEqualTo(tricky);
  }

  @Test
  void fieldChangesHoldCanonicalValues() {
    FieldChange c = new FieldChange(SubscriptionField.CURRENT_PERIOD_END, "2026-12-10T09:00:00Z", null);
    assertThat(c.from()).isEqualTo("2026-12-10T09:00:00.000Z");
    assertThat(c.reversed()).isEqualTo(new FieldChange(SubscriptionField.CURRENT_PERIOD_END, null, c.from()));
  }

  @Test
  void fieldsMapToTheSpecColumns() {
    assertThat(SubscriptionField.values()).extracting(Field::column).containsExactly(
        "stripe_subscription_id", "stripe_customer_id", "status", "stripe_price_id", "plan_tier", "quantity",
        "current_period_start", "current_period_end", "cancel_at_period_end", "cancel_at", "canceled_at",
        "ended_at", "trial_start", "trial_end", "metadata", "archived_at", "archive_reason");
    assertThat(SubscriptionField.SYNCED).hasSize(14).doesNotContain(
        SubscriptionField.STRIPE_SUBSCRIPTION_ID, SubscriptionField.ARCHIVED_AT, SubscriptionField.ARCHIVE_REASON);
    assertThat(Field.of(Entity.ORGANIZATION, "plan_tier")).isEqualTo(OrganizationField.PLAN_TIER);
    assertThat(Field.of(Entity.SUBSCRIPTION, "plan_tier")).isEqualTo(SubscriptionField.PLAN_TIER);
    assertThat(OrganizationField.PLAN_TIER.reportKey()).isEqualTo("organization.plan_tier");
    assertThat(SubscriptionField.PLAN_TIER.reportKey()).isEqualTo("plan_tier");
  }

  @Test
  void rowValuesRoundTripThroughCanonicalStrings() {
    SubscriptionRow row = Fixtures.rowFor(Fixtures.sub("sub_1").cancelAt(Instant.parse("2027-01-01T00:00:00Z"))
        .build(), 10).build();
    var values = new java.util.EnumMap<SubscriptionField, String>(SubscriptionField.class);
    for (SubscriptionField f : SubscriptionField.values()) {
      values.put(f, row.value(f));
    }
    SubscriptionRow back = SubscriptionRow.fromValues(row.id(), row.organizationId(), row.version(), row.createdAt(),
        values);
    assertThat(back.values()).isEqualTo(row.values());
    assertThat(back.metadata()).isEqualTo("{\"region\":\"eu\",\"seats\":\"5\"}");
  }
}

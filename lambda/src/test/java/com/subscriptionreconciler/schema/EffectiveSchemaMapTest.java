package com.subscriptionreconciler.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.config.SchemaMap;
import org.junit.jupiter.api.Test;

/** stripe_account is one of the columns the function uses only with several accounts, or when the map names it. */
class EffectiveSchemaMapTest {

  @Test
  void withSeveralAccountsStripeAccountIsListedUnderItsOwnName() {
    EffectiveSchemaMap map = EffectiveSchemaMap.of(SchemaMap.none(), true);
    assertThat(map.tables().get("organizations").columns()).containsEntry("stripe_account", "stripe_account");
    assertThat(map.tables().get("subscriptions").columns()).containsEntry("stripe_account", "stripe_account");
  }

  @Test
  void aMappedStripeAccountIsListedUnderItsPhysicalNameInThatTableOnly() {
    EffectiveSchemaMap map = EffectiveSchemaMap.of(SchemaMap.parse(
        "{\"subscriptions\":{\"table\":\"subs\",\"columns\":{\"stripe_account\":\"billing_account\"}}}"), false);
    assertThat(map.tables().get("subscriptions").table()).isEqualTo("subs");
    assertThat(map.tables().get("subscriptions").columns()).containsEntry("stripe_account", "billing_account");
    assertThat(map.tables().get("organizations").columns()).doesNotContainKey("stripe_account");
  }
}

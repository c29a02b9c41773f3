package com.subscriptionreconciler.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@code schemaMap}: an application's own table and column names reach the deployed function as
 * {@code SCHEMA_MAP}, checked at synth like every other key.
 */
class SchemaMapContextTest {

    private static final String MAP = "{\"organizations\":{\"table\":\"accounts\",\"columns\":{\"plan_tier\":"
            + "\"tier\",\"id\":\"account_id\"}},\"subscriptions\":{\"table\":\"billing_subscriptions\"}}";

    @Test
    void aSchemaMapGivenWithDashCReachesTheFunctionAsSchemaMap() {
        Synth synth = Synth.of(Synth.with(Synth.importContext(), "schemaMap", MAP));
        assertThat(synth.environment()).containsEntry("SCHEMA_MAP", MAP);
        assertThat(synth.nagErrors()).isEmpty();
    }

    @Test
    void aSchemaMapWrittenAsAnObjectInCdkJsonBecomesItsJson() {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("table", "billing_subscriptions");
        table.put("columns", Map.of("stripe_subscription_id", "stripe_id"));
        Map<String, Object> object = Map.of("subscriptions", table);
        Synth synth = Synth.of(Synth.with(Synth.importContext(), "schemaMap", object));
        assertThat(synth.environment()).containsEntry("SCHEMA_MAP",
                "{\"subscriptions\":{\"table\":\"billing_subscriptions\",\"columns\":{\"stripe_subscription_id\":"
                        + "\"stripe_id\"}}}");
    }

    @Test
    void withoutASchemaMapTheFunctionHasNone() {
        assertThat(Synth.of(Synth.importContext()).environment()).doesNotContainKey("SCHEMA_MAP");
    }

    @Test
    void everyWrongShapeIsRefusedAtSynthNamingTheKey() {
        for (String wrong : List.of("{organizations:", "[\"organizations\"]", "{\"orgs\":{\"table\":\"a\"}}",
                "{\"organizations\":\"accounts\"}", "{\"organizations\":{\"name\":\"accounts\"}}",
                "{\"organizations\":{\"table\":\"app.accounts\"}}",
                "{\"organizations\":{\"columns\":{\"plan_tier\":\"tier`; DROP\"}}}",
                "{\"subscriptions\":{\"columns\":[\"status\"]}}")) {
            assertThatThrownBy(() -> ReconcilerConfig.fromContext(
                    Synth.with(Synth.importContext(), "schemaMap", wrong)::get, Synth.MODULE_DIR))
                    .as(wrong).isInstanceOf(ConfigurationException.class).hasMessageContaining("'schemaMap'");
        }
    }

    @Test
    void aSchemaMapProblemIsReportedWithTheOthers() {
        assertThatThrownBy(() -> ReconcilerConfig.fromContext(Synth.with(Synth.importContext(),
                "schemaMap", "{\"orgs\":{}}", "memoryMb", "1")::get, Synth.MODULE_DIR))
                .hasMessageStartingWith("2 context values need fixing")
                .hasMessageContaining("'schemaMap'").hasMessageContaining("organizations or subscriptions")
                .hasMessageContaining("'memoryMb'");
    }
}

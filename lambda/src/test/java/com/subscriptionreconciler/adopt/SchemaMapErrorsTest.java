package com.subscriptionreconciler.adopt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.SchemaMap;
import com.subscriptionreconciler.schema.SchemaResolver;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A SCHEMA_MAP that names something absent is a configuration error naming it (exit 2), never an SQL error. */
@RealDatabase
class SchemaMapErrorsTest {
  TestDatabase db;
  AdoptionWorld world;

  @BeforeEach
  void setUp(TestDatabase database) {
    db = database;
    world = new AdoptionWorld(db, null);
  }

  @AfterEach
  void tearDown() {
    world.close();
  }

  @Test
  void aMappedColumnTheTableLacksStopsReconcileWithExitTwoNamingIt() {
    world.env.put("SCHEMA_MAP", "{\"subscriptions\":{\"columns\":{\"status\":\"sub_state\"}}}");

    AdoptionWorld.Result result = world.cli("reconcile", "--dry-run");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("configuration error")
        .contains("SCHEMA_MAP maps subscriptions.status to column sub_state, which table subscriptions does not have");
    assertThat(db.count("reconciliation_runs")).isZero();
  }

  @Test
  void aMappedTableThatDoesNotExistIsNamed() {
    world.env.put("SCHEMA_MAP", "{\"organizations\":{\"table\":\"orgs\"}}");

    AdoptionWorld.Result result = world.cli("reconcile");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("table orgs (for organizations) does not exist");
  }

  @Test
  void unknownLogicalNamesAndUnsafeIdentifiersAreRefusedBeforeAnyQuery() {
    assertThatThrownBy(() -> SchemaResolver.checkLogicalNames(SchemaMap.parse("{\"orgs\":{}}")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("unknown table \"orgs\"");
    assertThatThrownBy(() -> SchemaResolver.checkLogicalNames(
        SchemaMap.parse("{\"subscriptions\":{\"columns\":{\"tier\":\"plan\"}}}")))
        .hasMessageContaining("subscriptions has no column \"tier\"");
    assertThatThrownBy(() -> SchemaMap.parse("{\"subscriptions\":{\"table\":\"subs`; DROP TABLE x; --\"}}"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("subscriptions.table must be");
    assertThatThrownBy(() -> SchemaMap.parse("[1]")).hasMessageContaining("SCHEMA_MAP must be a JSON object");
    assertThat(world.cli("migrate").exit()).isZero();
    world.env.put("SCHEMA_MAP", "{\"subscriptions\":{\"tabel\":\"subs\"}}");
    AdoptionWorld.Result typo = world.cli("migrate");
    assertThat(typo.exit()).isEqualTo(2);
    assertThat(typo.err()).contains("unknown key \"subscriptions.tabel\"");
  }
}

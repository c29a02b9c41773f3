package com.subscriptionreconciler.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RealDatabase
class TransactionsTest {

  @BeforeEach
  void clean(TestDatabase db) {
    db.truncateAll();
  }

  @Test
  void workThatReturnsIsCommittedAndTheConnectionKeepsItsAutoCommit(TestDatabase db) throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      String result = Transactions.inTransaction(c, tx -> {
        insertOrganization(tx, 1);
        return "done";
      });

      assertThat(result).isEqualTo("done");
      assertThat(c.getAutoCommit()).isTrue();
    }
    assertThat(db.count("organizations")).isEqualTo(1);
  }

  @Test
  void workThatThrowsIsRolledBackAndTheFailureSurfaces(TestDatabase db) throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      assertThatThrownBy(() -> Transactions.inTransaction(c, tx -> {
        insertOrganization(tx, 1);
        throw new IllegalStateException("half way");
      })).isInstanceOf(IllegalStateException.class).hasMessage("half way");

      assertThat(c.getAutoCommit()).isTrue();
    }
    assertThat(db.count("organizations")).isZero();
  }

  @Test
  void aCommitPartWayKeepsWhatCameBeforeIt(TestDatabase db) throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      assertThatThrownBy(() -> Transactions.inTransaction(c, tx -> {
        insertOrganization(tx, 1);
        tx.commit();
        insertOrganization(tx, 2);
        throw new IllegalStateException("after the first commit");
      })).isInstanceOf(IllegalStateException.class);
    }
    assertThat(db.queryValue("SELECT MAX(id) FROM organizations")).isEqualTo(1L);
  }

  private static void insertOrganization(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO organizations (id) VALUES (?)")) {
      ps.setLong(1, id);
      ps.executeUpdate();
    }
  }
}

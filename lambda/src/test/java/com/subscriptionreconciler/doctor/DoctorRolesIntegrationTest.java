package com.subscriptionreconciler.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.subscriptionreconciler.cli.CliSeams;
import com.subscriptionreconciler.cli.Main;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.emulator.StripeEmulator;
import com.subscriptionreconciler.testing.RealDatabase;
import com.subscriptionreconciler.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * doctor as a user whose privileges come only through a role, on a server that checks privileges (CI's MariaDB
 * 10.11 as root creates the role and the user). The embedded MariaDB runs without privilege checks: there the
 * role cannot be created, and doctor's grants check must say why it passes.
 */
@RealDatabase
class DoctorRolesIntegrationTest {
  private static final String USER = "rcn_role_user";
  private static final String ROLE = "rcn_billing_rw";
  private static final String PASSWORD = "role-user-not-secret";

  final TestDatabase db;
  StripeEmulator emulator;

  DoctorRolesIntegrationTest(TestDatabase db) {
    this.db = db;
  }

  @BeforeEach
  void start() {
    emulator = StripeEmulator.start();
  }

  @AfterEach
  void stop() {
    emulator.close();
    if (privilegesChecked()) {
      db.execute("DROP USER IF EXISTS " + USER + "@'%'");
      db.execute("DROP ROLE IF EXISTS " + ROLE);
    }
  }

  private boolean privilegesChecked() {
    try {
      db.queryValue("SHOW GRANTS");
      return true;
    } catch (IllegalStateException e) {
      assertThat(e.getCause()).isInstanceOf(SQLException.class);
      assertThat(((SQLException) e.getCause()).getErrorCode()).as(e.getMessage()).isEqualTo(1290);
      return false;
    }
  }

  @Test
  void privilegesThroughADefaultRoleCount() {
    Map<String, String> env = new HashMap<>(Map.of(
        "JDBC_URL", db.jdbcUrl(), "STRIPE_SECRET_KEY", emulator.apiKey(), "STRIPE_API_BASE", emulator.baseUrl()));
    if (!privilegesChecked()) {
      env.put("DB_USER", db.user());
      env.put("DB_PASSWORD", db.password().reveal());
      assertThat(doctor(env)).contains("PASS grants").contains("--skip-grant-tables");
      return;
    }
    db.execute("DROP USER IF EXISTS " + USER + "@'%'");
    db.execute("DROP ROLE IF EXISTS " + ROLE);
    db.execute("CREATE ROLE " + ROLE);
    db.execute("GRANT SELECT, INSERT, UPDATE, CREATE, ALTER, INDEX, REFERENCES ON `" + db.schema() + "`.* TO "
        + ROLE);
    db.execute("CREATE USER " + USER + "@'%' IDENTIFIED BY '" + PASSWORD + "'");
    db.execute("GRANT " + ROLE + " TO " + USER + "@'%'");
    db.execute("SET DEFAULT ROLE " + ROLE + " FOR " + USER + "@'%'");
    env.put("DB_USER", USER);
    env.put("DB_PASSWORD", PASSWORD);

    String out = doctor(env);

    assertThat(out).contains("PASS grants").contains("PASS schema");
  }

  private static String doctor(Map<String, String> env) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Main.execute(new String[] {"doctor"}, Environment.of(env), new PrintWriter(out), new PrintWriter(err),
        CliSeams.defaults());
    return out + err.toString();
  }
}

package com.subscriptionreconciler.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code SHOW GRANTS} lines exactly as MySQL 8.0/8.4 and MariaDB 10.11/11.x print them (root's included), read into
 * what the product needs. Before this parser, a PROXY line ({@code ON ``@`%`}, no dot) crashed doctor with
 * "begin 0, end -1, length 2".
 */
class GrantsTest {
  private static final List<String> TABLES =
      List.of("reconciliation_runs", "reconciliation_changes", "reconciliation_checkpoints", "organizations",
          "subscriptions");

  private static Grants grants(String... lines) {
    return Grants.parse(List.of(lines), "billing");
  }

  private static void everythingIsGranted(Grants grants) {
    assertThat(grants.missing(Grants.FOR_RUNS, TABLES)).isEmpty();
    assertThat(grants.missingOnDatabase(Grants.FOR_MIGRATE)).isEmpty();
  }

  @Nested
  class Root {
    @Test
    void mariaDb1011AsDebianPackagesIt() {
      // mariadb-install-db on Debian 12 (10.11.19), then a TCP password added as CI does
      Grants root = grants(
          "GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` IDENTIFIED VIA unix_socket OR mysql_native_password "
              + "USING '*266DE9380F8E0D6C50A4997ED0023D6C09387B8F' WITH GRANT OPTION",
          "GRANT PROXY ON ``@`%` TO `root`@`localhost` WITH GRANT OPTION");
      everythingIsGranted(root);
    }

    @Test
    void mariaDb11() {
      Grants root = grants(
          "GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` IDENTIFIED VIA mysql_native_password USING 'invalid' "
              + "OR unix_socket WITH GRANT OPTION",
          "GRANT PROXY ON ''@'%' TO 'root'@'localhost' WITH GRANT OPTION");
      everythingIsGranted(root);
    }

    @Test
    void mariaDbWithAPasswordHash() {
      everythingIsGranted(grants(
          "GRANT ALL PRIVILEGES ON *.* TO 'root'@'localhost' IDENTIFIED BY PASSWORD "
              + "'*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19' WITH GRANT OPTION",
          "GRANT PROXY ON ''@'%' TO 'root'@'localhost' WITH GRANT OPTION"));
    }

    @Test
    void mysql80() {
      everythingIsGranted(grants(
          "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, SHUTDOWN, PROCESS, FILE, REFERENCES, INDEX, "
              + "ALTER, SHOW DATABASES, SUPER, CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, REPLICATION SLAVE, "
              + "REPLICATION CLIENT, CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, "
              + "TRIGGER, CREATE TABLESPACE, CREATE ROLE, DROP ROLE ON *.* TO `root`@`localhost` WITH GRANT OPTION",
          "GRANT APPLICATION_PASSWORD_ADMIN,AUDIT_ABORT_EXEMPT,AUDIT_ADMIN,AUTHENTICATION_POLICY_ADMIN,BACKUP_ADMIN,"
              + "BINLOG_ADMIN,BINLOG_ENCRYPTION_ADMIN,CLONE_ADMIN,CONNECTION_ADMIN,ENCRYPTION_KEY_ADMIN,"
              + "FIREWALL_EXEMPT,FLUSH_OPTIMIZER_COSTS,FLUSH_STATUS,FLUSH_TABLES,FLUSH_USER_RESOURCES,"
              + "GROUP_REPLICATION_ADMIN,GROUP_REPLICATION_STREAM,INNODB_REDO_LOG_ARCHIVE,INNODB_REDO_LOG_ENABLE,"
              + "PASSWORDLESS_USER_ADMIN,PERSIST_RO_VARIABLES_ADMIN,REPLICATION_APPLIER,REPLICATION_SLAVE_ADMIN,"
              + "RESOURCE_GROUP_ADMIN,RESOURCE_GROUP_USER,ROLE_ADMIN,SENSITIVE_VARIABLES_OBSERVER,"
              + "SERVICE_CONNECTION_ADMIN,SESSION_VARIABLES_ADMIN,SET_USER_ID,SHOW_ROUTINE,SYSTEM_USER,"
              + "SYSTEM_VARIABLES_ADMIN,TABLE_ENCRYPTION_ADMIN,TELEMETRY_LOG_ADMIN,XA_RECOVER_ADMIN ON *.* TO "
              + "`root`@`localhost` WITH GRANT OPTION",
          "GRANT PROXY ON ``@`` TO `root`@`localhost` WITH GRANT OPTION"));
    }

    @Test
    void mysql84() {
      everythingIsGranted(grants(
          "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, SHUTDOWN, PROCESS, FILE, REFERENCES, INDEX, "
              + "ALTER, SHOW DATABASES, SUPER, CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, REPLICATION SLAVE, "
              + "REPLICATION CLIENT, CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, "
              + "TRIGGER, CREATE TABLESPACE, CREATE ROLE, DROP ROLE ON *.* TO `root`@`localhost` WITH GRANT OPTION",
          "GRANT ALLOW_NONEXISTENT_DEFINER,APPLICATION_PASSWORD_ADMIN,AUDIT_ABORT_EXEMPT,AUDIT_ADMIN,"
              + "AUTHENTICATION_POLICY_ADMIN,BACKUP_ADMIN,BINLOG_ADMIN,BINLOG_ENCRYPTION_ADMIN,CLONE_ADMIN,"
              + "CONNECTION_ADMIN,ENCRYPTION_KEY_ADMIN,FIREWALL_EXEMPT,FLUSH_OPTIMIZER_COSTS,FLUSH_PRIVILEGES,"
              + "FLUSH_STATUS,FLUSH_TABLES,FLUSH_USER_RESOURCES,GROUP_REPLICATION_ADMIN,GROUP_REPLICATION_STREAM,"
              + "INNODB_REDO_LOG_ARCHIVE,INNODB_REDO_LOG_ENABLE,OPTIMIZE_LOCAL_TABLE,PASSWORDLESS_USER_ADMIN,"
              + "PERSIST_RO_VARIABLES_ADMIN,REPLICATION_APPLIER,REPLICATION_SLAVE_ADMIN,RESOURCE_GROUP_ADMIN,"
              + "RESOURCE_GROUP_USER,ROLE_ADMIN,SENSITIVE_VARIABLES_OBSERVER,SERVICE_CONNECTION_ADMIN,"
              + "SESSION_VARIABLES_ADMIN,SET_ANY_DEFINER,SHOW_ROUTINE,SYSTEM_USER,SYSTEM_VARIABLES_ADMIN,"
              + "TABLE_ENCRYPTION_ADMIN,TELEMETRY_LOG_ADMIN,TRANSACTION_GTID_TAG,XA_RECOVER_ADMIN ON *.* TO "
              + "`root`@`localhost` WITH GRANT OPTION",
          "GRANT PROXY ON ``@`` TO `root`@`localhost` WITH GRANT OPTION"));
    }

    @Test
    void rdsMysqlMasterUserThroughItsRole() {
      Grants admin = grants(
          "GRANT USAGE ON *.* TO `admin`@`%`",
          "GRANT `rds_superuser_role`@`%` TO `admin`@`%`");
      assertThat(admin.roles()).containsExactly(new GrantLine.Role("rds_superuser_role", Optional.of("%")));
      assertThat(admin.missing(Grants.FOR_RUNS, List.of("subscriptions"))).hasSize(3);

      Grants withRole = admin.with(grants(
          "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, PROCESS, REFERENCES, INDEX, ALTER, SHOW "
              + "DATABASES, CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, REPLICATION SLAVE, REPLICATION CLIENT, "
              + "CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, TRIGGER ON *.* TO "
              + "`rds_superuser_role`@`%` WITH GRANT OPTION"));
      everythingIsGranted(withRole);
    }
  }

  @Nested
  class Roles {
    @Test
    void mariaDb1011PrintsTheActiveRolesGrantsBesideTheUsers() {
      // SHOW GRANTS of a user with a default role, exactly as 10.11.19 prints it
      Grants user = Grants.parse(List.of(
          "GRANT `r_probe` TO `u_probe`@`%`",
          "GRANT USAGE ON *.* TO `u_probe`@`%` IDENTIFIED BY PASSWORD '*B69027D44F6E5EDC07F1AEAD1477967B16F28227'",
          "GRANT USAGE ON *.* TO `r_probe`",
          "GRANT SELECT, INSERT, UPDATE ON `probe`.* TO `r_probe`",
          "SET DEFAULT ROLE `r_probe` FOR `u_probe`@`%`"), "probe");

      assertThat(user.roles()).containsExactly(new GrantLine.Role("r_probe", Optional.empty()));
      assertThat(user.missing(Grants.FOR_RUNS, List.of("subscriptions"))).isEmpty();
    }

    @Test
    void aRoleGrantedToARoleIsFollowed() {
      Grants user = grants("GRANT `outer` TO `u`@`%`");
      Grants outer = grants("GRANT `inner` TO `outer`");
      Grants inner = grants("GRANT SELECT, INSERT, UPDATE ON `billing`.* TO `inner`");

      Grants all = user.with(outer).with(inner);

      assertThat(all.roles()).extracting(GrantLine.Role::name).containsExactly("outer", "inner");
      assertThat(all.missing(Grants.FOR_RUNS, List.of("subscriptions"))).isEmpty();
    }
  }

  @Nested
  class Shapes {
    @Test
    void mysqlRolesAreListedWithTheirHostsAndNoSpaceAfterTheComma() {
      GrantLine line = GrantLine.parse("GRANT `r1`@`%`,`r2`@`localhost` TO `u1`@`localhost`");

      assertThat(line).isEqualTo(new GrantLine.Roles(List.of(
          new GrantLine.Role("r1", Optional.of("%")), new GrantLine.Role("r2", Optional.of("localhost")))));
      assertThat(((GrantLine.Roles) line).roles().get(0).quoted()).isEqualTo("`r1`@`%`");
    }

    @Test
    void mariaDbRolesHaveNoHostAndMayCarryTheAdminOption() {
      assertThat(GrantLine.parse("GRANT `billing_rw` TO `reconciler`@`%` WITH ADMIN OPTION"))
          .isEqualTo(new GrantLine.Roles(List.of(new GrantLine.Role("billing_rw", Optional.empty()))));
      assertThat(GrantLine.parse("SET DEFAULT ROLE `billing_rw` FOR `reconciler`@`%`"))
          .isInstanceOf(GrantLine.Other.class);
    }

    @Test
    void usageAloneGivesNothing() {
      Grants usage = grants("GRANT USAGE ON *.* TO `reconciler`@`%` IDENTIFIED BY PASSWORD '*00A51F3F48415C7D4E8908980D443C29C69B60C9'");

      assertThat(usage.missing(Grants.FOR_RUNS, List.of("subscriptions")))
          .containsExactly("SELECT on subscriptions", "INSERT on subscriptions", "UPDATE on subscriptions");
    }

    @Test
    void quotedAndEscapedNamesAreUnquotedAndTheDatabasePatternIsMatched() {
      Grants escaped = Grants.parse(List.of(
          "GRANT SELECT, INSERT, UPDATE ON `app\\_db`.* TO `u`@`%`",
          "GRANT CREATE ON `app%`.* TO `u`@`%`",
          "GRANT ALTER ON `appXdb`.* TO `u`@`%`"), "app_db");

      assertThat(escaped.missing(Grants.FOR_RUNS, List.of("subscriptions"))).isEmpty();
      assertThat(escaped.missingOnDatabase(List.of("CREATE", "ALTER"))).as("app\\_db matches only app_db")
          .containsExactly("ALTER");
      assertThat(Grants.matches("app\\_db", "appXdb")).isFalse();
      assertThat(Grants.matches("app_db", "appXdb")).as("an unescaped _ is a wildcard").isTrue();
    }

    @Test
    void namesMayHoldBackticksQuotesDotsAndKeywords() {
      GrantLine line = GrantLine.parse("GRANT SELECT ON `we``ird.db`.`ON TO` TO 'o''brien'@'%'");

      assertThat(line).isEqualTo(
          new GrantLine.Privileges(Set.of("SELECT"), Set.of(), "we`ird.db", "ON TO", false));
    }

    @Test
    void columnGrantsDoNotCoverTheTable() {
      Grants columns = grants(
          "GRANT SELECT (`id`, `plan_tier`), UPDATE (`plan_tier`) ON `billing`.`organizations` TO `u`@`%`",
          "GRANT INSERT ON `billing`.`organizations` TO `u`@`%`");

      assertThat(columns.missing(Grants.FOR_RUNS, List.of("organizations")))
          .containsExactly("SELECT on organizations", "UPDATE on organizations");
      assertThat(GrantLine.parse("GRANT SELECT (`id`), INSERT ON `billing`.`t` TO `u`@`%`"))
          .isEqualTo(new GrantLine.Privileges(Set.of("INSERT"), Set.of("SELECT"), "billing", "t", false));
    }

    @Test
    void tableGrantsOnAnotherDatabaseDoNotCount() {
      Grants other = grants("GRANT SELECT, INSERT, UPDATE ON `other`.`subscriptions` TO `u`@`%` WITH GRANT OPTION");

      assertThat(other.missing(Grants.FOR_RUNS, List.of("subscriptions"))).hasSize(3);
    }

    @Test
    void aMysqlPartialRevokeTakesTheDatabasePrivilegeAway() {
      Grants revoked = grants(
          "GRANT SELECT, INSERT, UPDATE ON *.* TO `u`@`%`",
          "REVOKE INSERT ON `billing`.* FROM `u`@`%`");

      assertThat(revoked.missing(Grants.FOR_RUNS, List.of("subscriptions"))).containsExactly("INSERT on subscriptions");
    }

    @Test
    void routineGrantsAndProxyLinesAreReadWithoutFailing() {
      assertThat(GrantLine.parse("GRANT EXECUTE ON FUNCTION `billing`.`f` TO `u`@`%`"))
          .isInstanceOf(GrantLine.Other.class);
      assertThat(GrantLine.parse("GRANT PROXY ON 'dba'@'localhost' TO 'bob'@'localhost'"))
          .isInstanceOf(GrantLine.Proxy.class);
      assertThat(GrantLine.parse("GRANT SELECT ON TABLE `billing`.`t` TO `u`@`%`"))
          .isEqualTo(new GrantLine.Privileges(Set.of("SELECT"), Set.of(), "billing", "t", false));
    }
  }
}

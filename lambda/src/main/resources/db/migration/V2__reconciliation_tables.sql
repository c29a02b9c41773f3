-- The reconciler's own bookkeeping (docs/reference.md, Schema): runs, the per-field audit trail that rollback reads,
-- and the incremental mode's cursor.

CREATE TABLE reconciliation_runs (
  id                  VARCHAR(64)  COLLATE utf8mb4_bin NOT NULL,
  -- schedule | manual | cli ("trigger" is a reserved word: always backtick it)
  `trigger`           VARCHAR(16)  NOT NULL,
  -- full | incremental | rollback
  mode                VARCHAR(16)  NOT NULL,
  dry_run             BOOLEAN      NOT NULL DEFAULT FALSE,
  -- running | succeeded | partial | aborted | failed
  status              VARCHAR(16)  NOT NULL,
  started_at          DATETIME(3)  NOT NULL,
  finished_at         DATETIME(3)  NULL,
  duration_ms         BIGINT       NULL,
  -- the report's counts (docs/reference.md, The run report); "synchronized" is a Java keyword and reads
  -- like SQL, hence the suffix
  total_organizations BIGINT       NOT NULL DEFAULT 0,
  total_subscriptions BIGINT       NOT NULL DEFAULT 0,
  synchronized_count  BIGINT       NOT NULL DEFAULT 0,
  created             BIGINT       NOT NULL DEFAULT 0,
  archived            BIGINT       NOT NULL DEFAULT 0,
  skipped             BIGINT       NOT NULL DEFAULT 0,
  unlinked            BIGINT       NOT NULL DEFAULT 0,
  errors              BIGINT       NOT NULL DEFAULT 0,
  stripe_requests     BIGINT       NOT NULL DEFAULT 0,
  error               TEXT         NULL,
  -- for a rollback run: the run it rolls back
  rollback_of_run_id  VARCHAR(64)  COLLATE utf8mb4_bin NULL,
  -- the full report JSON exactly as produced (LONGTEXT, not JSON: MySQL would reorder its keys)
  report              LONGTEXT     NULL,
  -- reserved for resumable runs
  resume_state        LONGTEXT     NULL,
  updated_at          DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  -- `runs --limit N`, newest first
  KEY idx_reconciliation_runs_started_at (started_at, id),
  -- last successful run; the running run that holds the lock
  KEY idx_reconciliation_runs_status_started_at (status, started_at),
  KEY idx_reconciliation_runs_rollback_of (rollback_of_run_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE reconciliation_changes (
  id         BIGINT       NOT NULL AUTO_INCREMENT,
  run_id     VARCHAR(64)  COLLATE utf8mb4_bin NOT NULL,
  -- organization | subscription
  entity     VARCHAR(16)  NOT NULL,
  -- NULL only for an insert planned in a dry run (no row exists)
  entity_id  BIGINT       NULL,
  stripe_id  VARCHAR(255) COLLATE utf8mb4_bin NULL,
  -- update | insert | archive
  action     VARCHAR(16)  NOT NULL,
  field      VARCHAR(64)  NOT NULL,
  -- MEDIUMTEXT: a metadata JSON value can exceed TEXT's 64 KiB in utf8mb4
  old_value  MEDIUMTEXT   NULL,
  new_value  MEDIUMTEXT   NULL,
  applied    BOOLEAN      NOT NULL DEFAULT FALSE,
  created_at DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY idx_reconciliation_changes_run_id_id (run_id, id),
  -- rollback's "has this row changed since?" check
  KEY idx_reconciliation_changes_entity (entity, entity_id, id),
  CONSTRAINT fk_reconciliation_changes_run FOREIGN KEY (run_id) REFERENCES reconciliation_runs (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE reconciliation_checkpoints (
  -- e.g. 'events'
  name               VARCHAR(64)  NOT NULL,
  last_event_id      VARCHAR(255) COLLATE utf8mb4_bin NULL,
  last_event_created DATETIME(3)  NULL,
  run_id             VARCHAR(64)  COLLATE utf8mb4_bin NULL,
  updated_at         DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

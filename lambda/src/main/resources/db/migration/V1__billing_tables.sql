-- Billing copy the reconciler keeps in line with Stripe (docs/reference.md, Schema).
-- Written for both MySQL 8 and MariaDB 10.11/11.x: no CHECK constraints, functional indexes or
-- vendor-only syntax. Times are UTC DATETIME(3); the pool sets the session time zone to +00:00 so
-- CURRENT_TIMESTAMP(3) defaults are UTC too.
-- Stripe ids are compared byte for byte (utf8mb4_bin): Stripe ids are case-sensitive.
-- updated_at uses ON UPDATE CURRENT_TIMESTAMP(3): an UPDATE that changes no value leaves the row (and
-- so updated_at) untouched, which is what "in sync means untouched" (docs/reference.md, How it decides) relies on.

CREATE TABLE organizations (
  id                  BIGINT       NOT NULL AUTO_INCREMENT,
  name                VARCHAR(255) NULL,
  stripe_customer_id  VARCHAR(255) COLLATE utf8mb4_bin NULL,
  plan_tier           VARCHAR(64)  NOT NULL DEFAULT 'free',
  subscription_status VARCHAR(32)  NOT NULL DEFAULT 'none',
  created_at          DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at          DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  last_reconciled_at  DATETIME(3)  NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_organizations_stripe_customer_id (stripe_customer_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE subscriptions (
  id                     BIGINT       NOT NULL AUTO_INCREMENT,
  organization_id        BIGINT       NOT NULL,
  stripe_subscription_id VARCHAR(255) COLLATE utf8mb4_bin NULL,
  stripe_customer_id     VARCHAR(255) COLLATE utf8mb4_bin NULL,
  stripe_price_id        VARCHAR(255) COLLATE utf8mb4_bin NULL,
  plan_tier              VARCHAR(64)  NULL,
  status                 VARCHAR(32)  NOT NULL,
  quantity               BIGINT       NULL,
  current_period_start   DATETIME(3)  NULL,
  current_period_end     DATETIME(3)  NULL,
  cancel_at_period_end   BOOLEAN      NOT NULL DEFAULT FALSE,
  cancel_at              DATETIME(3)  NULL,
  canceled_at            DATETIME(3)  NULL,
  ended_at               DATETIME(3)  NULL,
  trial_start            DATETIME(3)  NULL,
  trial_end              DATETIME(3)  NULL,
  -- MySQL stores JSON normalised (key order and spacing change); MariaDB stores the text as given.
  -- Compare metadata as parsed JSON, never as strings.
  metadata               JSON         NULL,
  archived_at            DATETIME(3)  NULL,
  archive_reason         VARCHAR(255) NULL,
  last_reconciled_at     DATETIME(3)  NULL,
  -- bumped on every write, for optimistic concurrency with the application's webhook writer
  version                INT          NOT NULL DEFAULT 0,
  created_at             DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at             DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_subscriptions_stripe_subscription_id (stripe_subscription_id),
  KEY idx_subscriptions_organization_id (organization_id),
  KEY idx_subscriptions_stripe_customer_id (stripe_customer_id),
  -- orphan sweep: non-archived rows (archived_at IS NULL) streamed in id order, keyset-paginated
  KEY idx_subscriptions_archived_at_id (archived_at, id),
  CONSTRAINT fk_subscriptions_organization FOREIGN KEY (organization_id) REFERENCES organizations (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

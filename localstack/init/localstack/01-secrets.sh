#!/bin/bash
# LocalStack ready hook: creates the two secrets the function reads (docs/reference.md, Configuration).
# - subscription-reconciler/stripe : the Stripe key (STRIPE_SECRET_KEY from the host, else a placeholder
#                                    that only works against an emulator via -c stripeApiBase=...)
# - billing/db                     : MySQL credentials in the RDS JSON shape, pointing at the compose "mysql"
set -euo pipefail

STRIPE_KEY="${STRIPE_SECRET_KEY:-sk_test_localstack_placeholder}"

create_or_update() {
  local name="$1" value="$2"
  if awslocal secretsmanager describe-secret --secret-id "$name" >/dev/null 2>&1; then
    awslocal secretsmanager put-secret-value --secret-id "$name" --secret-string "$value" >/dev/null
  else
    awslocal secretsmanager create-secret --name "$name" --secret-string "$value" >/dev/null
  fi
  echo "secret $name: $(awslocal secretsmanager describe-secret --secret-id "$name" --query ARN --output text)"
}

create_or_update "subscription-reconciler/stripe" "$STRIPE_KEY"
create_or_update "billing/db" \
  '{"engine":"mysql","host":"mysql","port":3306,"username":"reconciler","password":"reconciler-local-only","dbname":"billing"}'

package com.subscriptionreconciler.infrastructure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.subscriptionreconciler.infrastructure.ReconcilerConfig.Keys;
import com.subscriptionreconciler.infrastructure.ReconcilerConfig.StripeAccount;

/**
 * Reads and checks {@code stripeAccounts}: several Stripe accounts served by one deployment (docs/reference.md,
 * Several Stripe accounts). A JSON object from account label to the name or ARN of the secret holding that
 * account's key, either as a string or as {@code {"secretId": "…", "default": true, "apiBase": "…"}}, optionally
 * with where its real-time events come from: {@code "eventSource"} (its partner event source's name) and
 * {@code "webhookSecret"} (the secret holding its webhook endpoint's signing secret). Exactly one
 * account is the default (the one whose rows have no {@code stripe_account}); a single account is the default
 * without saying so.
 */
final class StripeAccountsContext {

    /** What the function accepts as a label (it is stored in the {@code stripe_account} column). */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_-]{1,32}");
    private static final Set<String> FIELDS = Set.of("secretId", "default", "apiBase", "eventSource", "webhookSecret");
    private static final String EXAMPLE = "{\"us\":{\"secretId\":\"billing/stripe-us\",\"default\":true},"
            + "\"eu\":\"billing/stripe-eu\"}";

    private StripeAccountsContext() {
    }

    /** The accounts in the order given; empty when {@code stripeAccounts} is unset (or wrong: a problem then). */
    static List<StripeAccount> read(ContextReader c) {
        String key = Keys.STRIPE_ACCOUNTS;
        String shape = "of account label to the secret holding its key, with one default, e.g. " + EXAMPLE;
        Optional<JsonNode> parsed = c.jsonObject(key, shape);
        if (parsed.isEmpty()) {
            return List.of();
        }
        JsonNode root = parsed.get();
        if (root.isEmpty()) {
            c.problem(key, "'" + key + "' must be a JSON object " + shape);
            return List.of();
        }
        List<StripeAccount> accounts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            account(c, key, entry.getKey(), entry.getValue()).ifPresent(accounts::add);
        }
        long defaults = accounts.stream().filter(StripeAccount::isDefault).count();
        if (accounts.size() == 1 && defaults == 0) {
            StripeAccount only = accounts.get(0);
            accounts.set(0, only.asDefault());
        } else {
            c.check(defaults == 1, key, "'" + key + "' must mark exactly one account with \"default\": true (its"
                    + " rows are those whose stripe_account is NULL), e.g. " + EXAMPLE);
        }
        return c.hasProblem(key) ? List.of() : List.copyOf(accounts);
    }

    private static Optional<StripeAccount> account(ContextReader c, String key, String label, JsonNode value) {
        if (!LABEL.matcher(label).matches()) {
            c.problem(key, "'" + key + "': account label \"" + label + "\" must be 1 to 32 characters of a-z,"
                    + " 0-9, _ and - (it is stored in the stripe_account column)");
            return Optional.empty();
        }
        if (value.isTextual()) {
            return secret(c, key, value.textValue()).map(s -> new StripeAccount(label, s, false, Optional.empty(),
                    Optional.empty(), Optional.empty()));
        }
        String where = "'" + key + "': account \"" + label + "\"";
        if (!value.isObject() || !value.has("secretId")) {
            c.problem(key, where + " must be the name or ARN of its key's secret, or an object with \"secretId\"");
            return Optional.empty();
        }
        List<String> unknown = new ArrayList<>();
        value.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                unknown.add(f);
            }
        });
        c.check(unknown.isEmpty(), key, where + " has unknown fields " + unknown + " (allowed: " + FIELDS + ")");
        JsonNode isDefault = value.path("default");
        c.check(isDefault.isMissingNode() || isDefault.isBoolean(), key, where + ": \"default\" must be true or"
                + " false");
        JsonNode apiBase = value.path("apiBase");
        c.check(apiBase.isMissingNode() || apiBase.isTextual() && apiBase.textValue().matches("^https?://\\S+$"),
                key, where + ": \"apiBase\" must be an http(s) URL");
        Optional<String> eventSource = text(c, key, where, value, "eventSource");
        eventSource.ifPresent(name -> RealTimeContext.checkEventSource(c, key, where + ": \"eventSource\"", name));
        Optional<String> webhookSecret = text(c, key, where, value, "webhookSecret")
                .flatMap(s -> secret(c, key, s));
        Optional<String> secret = value.get("secretId").isTextual() ? secret(c, key, value.get("secretId").textValue())
                : Optional.empty();
        c.check(value.get("secretId").isTextual(), key, where + ": \"secretId\" must be a string");
        return secret.map(s -> new StripeAccount(label, s, isDefault.asBoolean(false),
                apiBase.isTextual() ? Optional.of(apiBase.textValue()) : Optional.empty(), eventSource,
                webhookSecret));
    }

    /** An optional string field of an account; a problem when it is there but not a string. */
    private static Optional<String> text(ContextReader c, String key, String where, JsonNode account, String field) {
        JsonNode node = account.path(field);
        c.check(node.isMissingNode() || node.isTextual(), key, where + ": \"" + field + "\" must be a string");
        return node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }

    private static Optional<String> secret(ContextReader c, String key, String secret) {
        SecretReferences.requireNameOrArn(c, key, secret);
        return c.hasProblem(key) ? Optional.empty() : Optional.of(secret);
    }
}

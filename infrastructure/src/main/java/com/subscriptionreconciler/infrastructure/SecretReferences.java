package com.subscriptionreconciler.infrastructure;

import java.util.regex.Pattern;

/**
 * Checks of the context keys that name a Secrets Manager secret ({@code stripeSecret}, {@code databaseSecretArn},
 * the secrets of {@code stripeAccounts}). A Stripe key or webhook signing secret pasted there instead would end up
 * in the template, the function's environment and CloudFormation's history in clear text, so it is refused, and the
 * message never repeats the value.
 */
final class SecretReferences {

    /** What Stripe's secret and restricted keys, publishable keys and webhook signing secrets start with. */
    private static final Pattern STRIPE_CREDENTIAL = Pattern.compile("^(sk|rk|pk|whsec)_.*");
    private static final Pattern COMPLETE_SECRET_ARN =
            Pattern.compile("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+-[A-Za-z0-9]{6}$");
    private static final Pattern SECRET_NAME = Pattern.compile("^[A-Za-z0-9/_+=.@-]{1,512}$");

    private SecretReferences() {
    }

    /** A secret's name or its complete ARN. */
    static void requireNameOrArn(ContextReader c, String key, String value) {
        if (refuseCredential(c, key, value)) {
            return;
        }
        if (value.startsWith("arn:")) {
            c.requireMatch(COMPLETE_SECRET_ARN, key, value,
                    "a complete secret ARN (with its 6-character suffix) or a secret name");
        } else {
            c.requireMatch(SECRET_NAME, key, value, "a secret name or ARN");
        }
    }

    /** A secret's complete ARN (with the suffix Secrets Manager adds). */
    static void requireArn(ContextReader c, String key, String value) {
        if (!refuseCredential(c, key, value)) {
            c.requireMatch(COMPLETE_SECRET_ARN, key, value,
                    "a complete secret ARN ending in the 6-character suffix Secrets Manager adds");
        }
    }

    /** True (and a problem recorded) when {@code value} looks like a Stripe credential rather than a secret's name. */
    private static boolean refuseCredential(ContextReader c, String key, String value) {
        if (!STRIPE_CREDENTIAL.matcher(value).matches()) {
            return false;
        }
        c.problem(key, "'" + key + "' must name the Secrets Manager secret that holds the Stripe key (the secret's"
                + " name or complete ARN), not the key itself: the value given starts like a Stripe key or webhook"
                + " signing secret, so it is not repeated here. Store the key in Secrets Manager (infrastructure/"
                + "README.md, First deploy) and pass that secret's name; if the key was typed on a command line or"
                + " committed, roll it in Stripe's Dashboard.");
        return true;
    }
}

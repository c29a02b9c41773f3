package com.subscriptionreconciler.infrastructure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;

/**
 * CDK app entry point ({@code cdk.json} at the repository root runs it). Reads the configuration from context,
 * builds the stack and runs the cdk-nag AWS Solutions checks on it: an unsuppressed finding is reported as a
 * synthesis error or warning.
 */
public final class SubscriptionReconcilerApp {

    private SubscriptionReconcilerApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        try {
            build(app, repositoryRoot(Path.of("").toAbsolutePath()));
        } catch (ConfigurationException e) {
            System.err.println("Subscription Reconciler: " + e.getMessage());
            System.exit(2);
        }
        app.synth();
    }

    /** Builds the stack into {@code app} with cdk-nag attached; also what the tests call. */
    public static SubscriptionReconcilerStack build(App app, Path repositoryRoot) {
        Set<String> read = new TreeSet<>();
        ReconcilerConfig config = ReconcilerConfig.fromContext(key -> {
            read.add(key);
            return app.getNode().tryGetContext(key);
        }, repositoryRoot);
        SubscriptionReconcilerStack stack = new SubscriptionReconcilerStack(app, "SubscriptionReconciler", config);
        warnOfUnreadKeys(app, stack, read);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }

    /**
     * A context key the configuration never read is a typo ({@code webhookEndpiont}) or belongs to another mode
     * ({@code vpcId} without {@code vpcMode=import}); either way the deployment does not do what it says, so
     * synthesis names it. CDK's own keys ({@code @aws-cdk/…} flags, {@code aws:cdk:…}, {@code cdk.json}'s
     * {@code //} comment) are not ours to judge.
     */
    private static void warnOfUnreadKeys(App app, SubscriptionReconcilerStack stack, Set<String> read) {
        Object all = app.getNode().getAllContext();
        if (!(all instanceof Map<?, ?> context)) {
            return;
        }
        List<String> unread = context.keySet().stream().map(String::valueOf)
                .filter(key -> !read.contains(key) && !isCdksOwn(key))
                .sorted().toList();
        if (!unread.isEmpty()) {
            Annotations.of(stack).addWarningV2("subscription-reconciler:unread-context", "Context keys not read by"
                    + " this stack: " + unread + ". A misspelled key, or one that only applies in another mode"
                    + " (e.g. vpcId without vpcMode=import), changes nothing; see infrastructure/README.md,"
                    + " Context keys.");
        }
    }

    private static boolean isCdksOwn(String key) {
        return key.startsWith("@") || key.startsWith("/") || key.contains(":") || key.startsWith("cdk")
                || key.equals("acknowledged-issue-numbers");
    }

    /** The nearest directory at or above {@code start} that holds cdk.json (the repository root), else start. */
    static Path repositoryRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("cdk.json"))) {
                return dir;
            }
        }
        return start;
    }
}

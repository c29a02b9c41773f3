package com.subscriptionreconciler.infrastructure;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
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
        ReconcilerConfig config = ReconcilerConfig.fromContext(app.getNode()::tryGetContext, repositoryRoot);
        SubscriptionReconcilerStack stack = new SubscriptionReconcilerStack(app, "SubscriptionReconciler", config);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
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

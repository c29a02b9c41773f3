package com.subscriptionreconciler.infrastructure;

import java.util.List;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The Subscription Reconciler deployment: network, database access, the function, its schedule, alarms and a
 * dashboard. Each concern is one construct; this class only wires them and records the cdk-nag decisions
 * ({@link NagDecisions}).
 *
 * <p>The stack is environment-agnostic unless {@code account}/{@code region} are given in context: it does no
 * lookups, so {@code cdk synth} works without AWS credentials.
 */
public final class SubscriptionReconcilerStack extends Stack {

    private final Network network;
    private final DatabaseAccess database;
    private final ReconcilerFunction reconciler;
    private final FullRunDriver fullRunDriver;
    private final ReconcilerSchedule schedule;
    private final ReconcilerAlarms alarms;
    private final ReconcilerDashboard dashboard;

    public SubscriptionReconcilerStack(Construct scope, String id, ReconcilerConfig config) {
        super(scope, id, props(config));
        this.network = new Network(this, "Network", config.network());
        this.database = new DatabaseAccess(this, "Database", config, network);
        this.reconciler = new ReconcilerFunction(this, "Reconciler", config, network, database);
        List<String> accounts = config.stripe().accounts().stream().map(ReconcilerConfig.StripeAccount::label)
                .toList();
        this.fullRunDriver = new FullRunDriver(this, "FullRunDriver", config.stackName() + "-FullRun",
                reconciler.function(),
                config.function().timeoutMinutes(), FunctionBasics.retention(config.function().logRetentionDays()),
                accounts);
        this.schedule = new ReconcilerSchedule(this, "Schedule", config.schedule(), reconciler.function(),
                reconciler.failureQueue(), fullRunDriver.stateMachine(), accounts);
        ReconcilerMetrics metrics = new ReconcilerMetrics(config.metrics());
        this.alarms = new ReconcilerAlarms(this, "Alarms", config, reconciler, metrics);
        fullRunDriver.alarmOn(alarms.topic());
        database.createdInstance().ifPresent(alarms::addFreeStorageAlarm);
        this.dashboard = new ReconcilerDashboard(this, "Dashboard", metrics, reconciler.function(), reconciler,
                alarms);
        RealTimePath.addTo(this, config, reconciler, alarms, dashboard);

        CfnOutput.Builder.create(this, "FunctionName").value(reconciler.function().getFunctionName())
                .description("aws lambda invoke --function-name <this> --cli-binary-format raw-in-base64-out"
                        + " --payload '{\"mode\":\"full\",\"dryRun\":true}' out.json")
                .build();
        CfnOutput.Builder.create(this, "FullRunStateMachineArn").value(fullRunDriver.stateMachine().getStateMachineArn())
                .description("aws stepfunctions start-execution --state-machine-arn <this>: a full run to the end")
                .build();
        CfnOutput.Builder.create(this, "FailureQueueUrl").value(reconciler.failureQueue().getQueueUrl())
                .description("Asynchronous invocations that failed for good").build();
        CfnOutput.Builder.create(this, "AlarmTopicArn").value(alarms.topic().getTopicArn()).build();
        CfnOutput.Builder.create(this, "DatabaseSecretArn").value(database.secretArn())
                .description("DB_SECRET_ID: credentials secret of the billing database").build();

        NagDecisions.apply(this, config);
    }

    private static StackProps props(ReconcilerConfig config) {
        StackProps.Builder props = StackProps.builder()
                .stackName(config.stackName())
                .description("Subscription Reconciler: weekly Stripe -> MySQL billing reconciliation (Lambda java21)");
        if (config.account().isPresent() || config.region().isPresent()) {
            props.env(Environment.builder()
                    .account(config.account().orElse(null))
                    .region(config.region().orElse(null))
                    .build());
        }
        return props.build();
    }

    public Network network() {
        return network;
    }

    public DatabaseAccess database() {
        return database;
    }

    public ReconcilerFunction reconciler() {
        return reconciler;
    }

    public FullRunDriver fullRunDriver() {
        return fullRunDriver;
    }

    public ReconcilerSchedule schedule() {
        return schedule;
    }

    public ReconcilerAlarms alarms() {
        return alarms;
    }

    public ReconcilerDashboard dashboard() {
        return dashboard;
    }
}

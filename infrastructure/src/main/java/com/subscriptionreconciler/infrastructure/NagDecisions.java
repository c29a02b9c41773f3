package com.subscriptionreconciler.infrastructure;

import java.util.List;

import software.amazon.awscdk.CfnElement;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.constructs.IConstruct;

/**
 * The cdk-nag (AwsSolutions) findings this stack accepts, each on the one resource it concerns, with its reason.
 * Everything else cdk-nag reports fails the tests. Conditional findings are suppressed only in the configuration
 * that produces them (e.g. RDS3 only for a single-AZ created database).
 */
final class NagDecisions {

    private NagDecisions() {
    }

    static void apply(SubscriptionReconcilerStack stack, ReconcilerConfig config) {
        ReconcilerFunction reconciler = stack.reconciler();

        suppress(reconciler.function(), "AwsSolutions-L1",
                "The product fixes the runtime to java21 (the jar is built and tested for Java 21); moving to a newer"
                        + " Java runtime is a product decision, not a deployment default.");

        suppress(reconciler.role().getNode().findChild("DefaultPolicy"), "AwsSolutions-IAM5",
                "Resource '*' only for actions that support no resource scoping: the ec2 network-interface actions"
                        + " Lambda needs to attach the function to the VPC (the same actions as the managed"
                        + " AWSLambdaVPCAccessExecutionRole policy)"
                        + (config.function().tracing() ? " and xray:PutTraceSegments/PutTelemetryRecords for"
                        + " active tracing" : "")
                        + ". Logs, secrets, KMS and the failure queue are granted on their exact ARNs.",
                List.of("Resource::*"));

        suppress(reconciler.failureQueue(), "AwsSolutions-SQS3",
                "This queue IS the dead-letter queue: the function's on-failure destination for asynchronous"
                        + " invocations and the schedule targets' DLQ. cdk-nag only recognises queues referenced by"
                        + " another queue's redrive policy.");

        FullRunDriver driver = stack.fullRunDriver();
        String functionLogicalId = (String) stack.resolve(
                stack.getLogicalId((CfnElement) reconciler.function().getNode().getDefaultChild()));
        suppress(driver.stateMachine().getRole().getNode().findChild("DefaultPolicy"), "AwsSolutions-IAM5",
                "The state machine may invoke only the reconciler function: '<function ARN>:*' is that same"
                        + " function's versions and aliases (how the LambdaInvoke task grants it; the task invokes"
                        + " the unqualified ARN). Resource '*' only for the CloudWatch Logs delivery actions Step"
                        + " Functions logging requires, which support no resource scoping.",
                List.of("Resource::*", "Resource::<" + functionLogicalId + ".Arn>:*"));
        suppress(driver.stateMachine(), "AwsSolutions-SF2",
                "X-Ray adds nothing to a loop of two Lambda tasks: the execution history shows each invocation, and"
                        + " the function itself is traced when -c tracing=true.");

        stack.database().createdInstance().ifPresent(instance -> {
            if (!config.database().multiAz()) {
                suppress(instance, "AwsSolutions-RDS3",
                        "Single-AZ is the default for a freshly created database (dev/test, cost): the weekly batch"
                                + " job tolerates an RDS outage (the run fails, alarms, and is re-run). Set -c"
                                + " databaseMultiAz=true for production.");
            }
            if (config.database().port() == 3306) {
                suppress(instance, "AwsSolutions-RDS11",
                        "3306 is the DB_PORT default. The instance is in isolated subnets and its security"
                                + " group admits only the reconciler function, so a non-default port adds no"
                                + " protection; -c databasePort=<port> changes it.");
            }
            if (!config.database().deletionProtection()) {
                suppress(instance, "AwsSolutions-RDS10",
                        "Off by default so that a failed first deploy can roll the new instance back instead of"
                                + " ending in ROLLBACK_FAILED. DeletionPolicy Snapshot keeps a final snapshot whenever"
                                + " CloudFormation deletes it; turn protection on with -c"
                                + " databaseDeletionProtection=true after the first deploy (infrastructure/README.md).");
            }
            suppress(instance.getNode().findChild("Secret"), "AwsSolutions-SMG4",
                    "Rotation is off for the record, not for safety: the function re-reads DB_SECRET_ID once when a"
                            + " login is refused, so a rotation cannot fail a run. Turning it on here would add AWS's"
                            + " hosted rotation function (a Serverless Application nested stack that needs"
                            + " CAPABILITY_AUTO_EXPAND, its own VPC access to Secrets Manager and the database, and"
                            + " its own findings) to every first deploy; the database owner can enable it on the"
                            + " secret, or with DatabaseInstance.addRotationSingleUser (infrastructure/README.md).");
        });
    }

    static void suppress(IConstruct construct, String id, String reason) {
        suppress(construct, id, reason, null);
    }

    private static void suppress(IConstruct construct, String id, String reason, List<String> appliesTo) {
        NagPackSuppression.Builder suppression = NagPackSuppression.builder().id(id).reason(reason);
        if (appliesTo != null) {
            suppression.appliesTo(appliesTo);
        }
        NagSuppressions.addResourceSuppressions(construct, List.of(suppression.build()), true);
    }
}

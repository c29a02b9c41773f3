package com.subscriptionreconciler.infrastructure;

import java.nio.file.Path;
import java.util.List;

import com.subscriptionreconciler.infrastructure.ReconcilerConfig.Arch;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * What every function of this stack has in the same shape: its own log group (kept when the stack goes, with the
 * configured retention), an execution role with no managed policies that may write only to that log group, the
 * java21 runtime, the product's jar, the configured architecture, and JSON logs at the configured level. Each
 * function adds its own grants, handler and settings.
 *
 * @param logGroup the function's log group
 * @param role     its execution role
 * @param settings what the functions share from the configuration
 */
record FunctionBasics(LogGroup logGroup, Role role, Settings settings) {

    /** The configuration every function of the stack is built with. */
    record Settings(Path artifact, Arch architecture, String logLevel, int logRetentionDays) {
        static Settings of(ReconcilerConfig config) {
            return new Settings(config.lambdaArtifact(), config.function().architecture(),
                    config.function().logLevel(), config.function().logRetentionDays());
        }
    }

    /**
     * Creates the log group ({@code <idPrefix>LogGroup}) and the role ({@code <idPrefix>Role}) in {@code scope}.
     */
    static FunctionBasics create(Construct scope, String idPrefix, Settings settings, String roleDescription) {
        LogGroup logGroup = LogGroup.Builder.create(scope, idPrefix + "LogGroup")
                .retention(retention(settings.logRetentionDays()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Role role = Role.Builder.create(scope, idPrefix + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(roleDescription)
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteOwnLogs")
                .effect(Effect.ALLOW)
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logGroup.getLogGroupArn()))
                .build());
        return new FunctionBasics(logGroup, role, settings);
    }

    /** A function builder with the shared parts set; the caller adds handler, description, sizes and grants. */
    Function.Builder function(Construct scope, String id) {
        return Function.Builder.create(scope, id)
                .runtime(Runtime.JAVA_21)
                .code(Code.fromAsset(settings.artifact().toString()))
                .architecture(settings.architecture() == Arch.ARM_64 ? Architecture.ARM_64 : Architecture.X86_64)
                .role(role)
                .logGroup(logGroup)
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.valueOf(settings.logLevel()));
    }

    /** The CloudWatch Logs retention of {@code days} (one of the values {@link ReconcilerConfig} accepts). */
    static RetentionDays retention(int days) {
        for (RetentionDays value : RetentionDays.values()) {
            if (retentionDays(value) == days) {
                return value;
            }
        }
        throw new IllegalArgumentException("Unsupported log retention: " + days + " days");
    }

    private static int retentionDays(RetentionDays value) {
        return switch (value) {
            case ONE_DAY -> 1;
            case THREE_DAYS -> 3;
            case FIVE_DAYS -> 5;
            case ONE_WEEK -> 7;
            case TWO_WEEKS -> 14;
            case ONE_MONTH -> 30;
            case TWO_MONTHS -> 60;
            case THREE_MONTHS -> 90;
            case FOUR_MONTHS -> 120;
            case FIVE_MONTHS -> 150;
            case SIX_MONTHS -> 180;
            case ONE_YEAR -> 365;
            case THIRTEEN_MONTHS -> 400;
            case EIGHTEEN_MONTHS -> 545;
            case TWO_YEARS -> 731;
            case THREE_YEARS -> 1096;
            case FIVE_YEARS -> 1827;
            case SIX_YEARS -> 2192;
            case SEVEN_YEARS -> 2557;
            case EIGHT_YEARS -> 2922;
            case NINE_YEARS -> 3288;
            case TEN_YEARS -> 3653;
            default -> -1;
        };
    }
}

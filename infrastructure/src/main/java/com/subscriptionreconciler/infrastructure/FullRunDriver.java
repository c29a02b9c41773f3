package com.subscriptionreconciler.infrastructure;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.Result;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.Timeout;
import software.amazon.awscdk.services.stepfunctions.Wait;
import software.amazon.awscdk.services.stepfunctions.WaitTime;
import software.amazon.awscdk.services.stepfunctions.tasks.CallAwsService;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * Drives a weekly full run to completion across invocations (docs/reference.md, Lambda payloads). A full run that
 * nears the function's timeout stores its progress and returns {@code "status":"running"}; this state machine then
 * invokes the function again with {@code resumeRunId}, until the run reports anything else. The weekly rule starts
 * it instead of invoking the function, so accounts of any size finish.
 *
 * <pre>
 * CheckAlone --another execution running--> AlreadyRunning (fail)
 *            --alone-----------------------> Begin -> StartRun -> Count -> Finished? --running, under the limit--> Pause -> ResumeRun -> Count -> ...
 *                                         --running, at the limit-----> TooManyInvocations (fail)
 *                                         --failed--------------------> RunFailed (fail)
 *                                         --aborted-------------------> RunAborted (fail)
 *                                         --otherwise-----------------> Done
 * </pre>
 *
 * A run that fails as a whole makes the invocation fail (the handler's contract), which fails the execution too.
 * An aborted run (safety guard, or another run held the lock) also fails the execution, so it never shows as
 * "Succeeded". Failed and timed-out executions alarm on the stack's topic. The role may invoke exactly this
 * function and list this state machine's own executions.
 *
 * <p><b>One execution at a time.</b> The first state lists this state machine's running executions (including
 * itself) and fails with {@code AlreadyRunning} when there is another: a second execution (a manual
 * {@code start-execution} during the weekly one) would otherwise be refused by the first run's database lock
 * only after spending an invocation, or resume nothing. Two executions started in the same instant both see
 * each other and both stop, which is safe; the database lock remains the last line.
 *
 * <p>Only {@code runId} and {@code status} of the function's response are kept in the execution's state
 * (ResultSelector), so the state stays a few hundred bytes whatever the run's size; the response itself is
 * bounded too (see docs/reference.md, Lambda payloads).
 *
 * <p>Its log group is named under {@code /aws/vendedlogs/states/}: Step Functions then needs no entry in the
 * account's CloudWatch Logs resource policy, whose 5,120-character limit busy accounts reach.
 */
public final class FullRunDriver extends Construct {

    /** Invocations per run: at ~10 minutes of listing each, about 8 hours of a run at STRIPE_MAX_RPS. */
    static final int MAX_INVOCATIONS = 48;
    /** Between invocations: lets a run that held the lock in between (incremental, manual) finish. */
    static final Duration PAUSE = Duration.seconds(30);
    /** Well inside the engine's 24 h resume limit, so a run is never resumed after it expired. */
    static final Duration EXECUTION_TIMEOUT = Duration.hours(20);

    private final StateMachine stateMachine;
    private final LogGroup logGroup;

    public FullRunDriver(Construct scope, String id, String stateMachineName, IFunction function,
                         int functionTimeoutMinutes, RetentionDays logRetention) {
        super(scope, id);
        this.logGroup = LogGroup.Builder.create(this, "LogGroup")
                .logGroupName("/aws/vendedlogs/states/" + stateMachineName)
                .retention(logRetention)
                // named, so it must go with the stack: a retained one would make the next deploy fail on its name
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        String ownArn = Stack.of(this).formatArn(ArnComponents.builder()
                .service("states")
                .resource("stateMachine")
                .resourceName(stateMachineName)
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
        CallAwsService checkAlone = CallAwsService.Builder.create(this, "CheckAlone")
                .comment("Lists this state machine's running executions, this one included")
                .service("sfn")
                .action("listExecutions")
                .iamAction("states:ListExecutions")
                .iamResources(List.of(ownArn))
                .parameters(ordered("StateMachineArn", ownArn, "StatusFilter", "RUNNING", "MaxResults", 2))
                .resultSelector(ordered("running.$", "States.ArrayLength($.Executions)"))
                .resultPath("$.alone")
                .build();
        Fail alreadyRunning = Fail.Builder.create(this, "AlreadyRunning")
                .error("AlreadyRunning")
                .cause("Another execution of this state machine is running; it drives the full run. Nothing was"
                        + " invoked.")
                .build();
        Choice alone = Choice.Builder.create(this, "Alone").build();

        Pass begin = Pass.Builder.create(this, "Begin")
                .comment("A fresh count; the execution input (the scheduled event) is not used")
                .result(Result.fromObject(ordered("invocations", 0)))
                .build();
        LambdaInvoke startRun = invoke("StartRun", function, functionTimeoutMinutes,
                TaskInput.fromObject(ordered("mode", "full", "trigger", "schedule")));
        LambdaInvoke resumeRun = invoke("ResumeRun", function, functionTimeoutMinutes,
                TaskInput.fromObject(ordered("mode", "full", "trigger", "schedule",
                        "resumeRunId", JsonPath.stringAt("$.run.runId"))));
        Pass countAfterStart = count("CountStart");
        Pass countAfterResume = count("CountResume");
        Wait pause = Wait.Builder.create(this, "Pause").time(WaitTime.duration(PAUSE)).build();
        Fail tooMany = Fail.Builder.create(this, "TooManyInvocations")
                .error("TooManyInvocations")
                .cause("The run was still running after " + MAX_INVOCATIONS + " invocations; it stays resumable for"
                        + " 24 h from its start (invoke with its resumeRunId), after that the next full run"
                        + " abandons it")
                .build();
        Fail runFailed = Fail.Builder.create(this, "RunFailed")
                .error("RunFailed").cause("The reconciliation run reported status failed").build();
        Fail runAborted = Fail.Builder.create(this, "RunAborted")
                .error("RunAborted")
                .cause("The run was aborted and applied nothing: the safety guard tripped or another run held the"
                        + " lock. Its abortReason says which ('show RUN_ID' with the runId of the last task)")
                .build();
        Succeed done = Succeed.Builder.create(this, "Done").build();

        Choice finished = Choice.Builder.create(this, "Finished")
                .comment("status running: stopped at its deadline, to be resumed")
                .build()
                .when(Condition.and(Condition.stringEquals("$.run.status", "running"),
                        Condition.numberLessThan("$.invocations", MAX_INVOCATIONS)), pause)
                .when(Condition.stringEquals("$.run.status", "running"), tooMany)
                .when(Condition.stringEquals("$.run.status", "failed"), runFailed)
                .when(Condition.stringEquals("$.run.status", "aborted"), runAborted)
                .otherwise(done);
        checkAlone.next(alone);
        alone.when(Condition.numberGreaterThan("$.alone.running", 1), alreadyRunning).otherwise(begin);
        begin.next(startRun);
        startRun.next(countAfterStart);
        countAfterStart.next(finished);
        pause.next(resumeRun);
        resumeRun.next(countAfterResume);
        countAfterResume.next(finished);

        this.stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .stateMachineName(stateMachineName)
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromChainable(checkAlone))
                .timeout(EXECUTION_TIMEOUT)
                .logs(LogOptions.builder()
                        .destination(logGroup)
                        .level(LogLevel.ALL)
                        // reports carry billing details; the function's own log has them, redacted
                        .includeExecutionData(false)
                        .build())
                .build();
    }

    private LambdaInvoke invoke(String id, IFunction function, int functionTimeoutMinutes, TaskInput payload) {
        LambdaInvoke task = LambdaInvoke.Builder.create(this, id)
                .lambdaFunction(function)
                .payload(payload)
                // keep the count, put the run's id and status beside it
                .resultSelector(ordered(
                        "runId", JsonPath.stringAt("$.Payload.runId"),
                        "status", JsonPath.stringAt("$.Payload.status")))
                .resultPath("$.run")
                .taskTimeout(Timeout.duration(Duration.minutes(functionTimeoutMinutes + 1)))
                .build();
        // throttled (reserved concurrency, if set, or the account's quota): wait it out
        task.addRetry(RetryProps.builder()
                .errors(List.of("Lambda.TooManyRequestsException"))
                .interval(Duration.seconds(60))
                .maxAttempts(10)
                .backoffRate(1.5)
                .build());
        return task;
    }

    private Pass count(String id) {
        return Pass.Builder.create(this, id)
                .parameters(ordered(
                        "invocations.$", "States.MathAdd($.invocations, 1)",
                        "run.$", "$.run"))
                .build();
    }

    /** Failed or timed-out executions notify the stack's topic (a failed run also trips the function's alarms). */
    public void alarmOn(ITopic topic) {
        String alarmNamePrefix = Stack.of(this).getStackName();
        SnsAction action = new SnsAction(topic);
        alarm("ExecutionsFailed", alarmNamePrefix, "The full-run state machine failed: a run failed or was"
                        + " aborted (guard or lock), the function crashed, another execution was already running, or"
                        + " a run was still unfinished after " + MAX_INVOCATIONS + " invocations. The execution's"
                        + " error (RunFailed, RunAborted, AlreadyRunning, TooManyInvocations) says which; see its"
                        + " history and the function's log.",
                stateMachine.metricFailed(sum()), action);
        alarm("ExecutionsTimedOut", alarmNamePrefix, "The full-run state machine timed out after "
                        + EXECUTION_TIMEOUT.toHumanString() + "; the run stays resumable until 24 h after its start.",
                stateMachine.metricTimedOut(sum()), action);
    }

    private void alarm(String id, String prefix, String description,
                       software.amazon.awscdk.services.cloudwatch.Metric metric, SnsAction action) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(prefix + "-FullRun" + id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(action);
    }

    private static MetricOptions sum() {
        return MetricOptions.builder().statistic("Sum").period(Duration.minutes(5)).build();
    }

    /** Insertion-ordered maps, so the synthesized definition is the same on every synth (no spurious diffs). */
    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    public LogGroup logGroup() {
        return logGroup;
    }
}

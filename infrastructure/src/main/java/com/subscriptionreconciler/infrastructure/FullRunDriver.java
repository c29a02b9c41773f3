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
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IChainable;
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
 * <p><b>Several Stripe accounts</b> ({@code stripeAccounts}): after the check, an {@code Accounts} state lists the
 * labels and an {@code EachAccount} Map state runs the loop above once per account, one account at a time, with
 * {@code "account": label} in every payload. An account's failed, aborted or unfinished run (or a failed
 * invocation) ends its own iteration with that outcome and the next account runs; the execution then fails with
 * {@code RunFailed}, {@code RunAborted} or {@code TooManyInvocations}, in that order of precedence, or succeeds.
 * All accounts share the 20-hour execution timeout.
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

    /**
     * @param accounts the labels of several Stripe accounts ({@code stripeAccounts}), each run in turn; empty for
     *                 one account (the function's default)
     */
    public FullRunDriver(Construct scope, String id, String stateMachineName, IFunction function,
                         int functionTimeoutMinutes, RetentionDays logRetention, List<String> accounts) {
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

        checkAlone.next(alone);
        IChainable afterCheck;
        if (accounts.isEmpty()) {
            Ends ends = new Ends(
                    Fail.Builder.create(this, "TooManyInvocations")
                            .error("TooManyInvocations")
                            .cause("The run was still running after " + MAX_INVOCATIONS + " invocations; it stays"
                                    + " resumable for 24 h from its start (invoke with its resumeRunId), after that"
                                    + " the next full run abandons it")
                            .build(),
                    Fail.Builder.create(this, "RunFailed")
                            .error("RunFailed").cause("The reconciliation run reported status failed").build(),
                    Fail.Builder.create(this, "RunAborted")
                            .error("RunAborted")
                            .cause("The run was aborted and applied nothing: the safety guard tripped or another run"
                                    + " held the lock. Its abortReason says which ('show RUN_ID' with the runId of"
                                    + " the last task)")
                            .build(),
                    Succeed.Builder.create(this, "Done").build());
            afterCheck = runLoop(function, functionTimeoutMinutes, false, ends);
        } else {
            afterCheck = everyAccount(accounts, function, functionTimeoutMinutes);
        }
        alone.when(Condition.numberGreaterThan("$.alone.running", 1), alreadyRunning).otherwise(afterCheck);

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

    /** Where a run's loop ends: still running at the limit, failed, aborted, anything else. */
    private record Ends(IChainable tooMany, IChainable runFailed, IChainable runAborted, IChainable done) {
    }

    /**
     * One full run driven to its end: start it, then resume it while it reports {@code running}. With
     * {@code perAccount} every payload and state carries {@code $.account}, and a failed invocation (a run that
     * failed as a whole) ends the loop at {@code runFailed} instead of failing the execution.
     */
    private IChainable runLoop(IFunction function, int functionTimeoutMinutes, boolean perAccount, Ends ends) {
        Pass.Builder begin = Pass.Builder.create(this, "Begin");
        if (perAccount) {
            begin.comment("A fresh count for this account")
                    .parameters(ordered("account.$", "$.account", "invocations", 0));
        } else {
            begin.comment("A fresh count; the execution input (the scheduled event) is not used")
                    .result(Result.fromObject(ordered("invocations", 0)));
        }
        Map<String, Object> start = ordered("mode", "full", "trigger", "schedule");
        if (perAccount) {
            start.put("account", JsonPath.stringAt("$.account"));
        }
        Map<String, Object> resume = new java.util.LinkedHashMap<>(start);
        resume.put("resumeRunId", JsonPath.stringAt("$.run.runId"));
        LambdaInvoke startRun = invoke("StartRun", function, functionTimeoutMinutes, TaskInput.fromObject(start));
        LambdaInvoke resumeRun = invoke("ResumeRun", function, functionTimeoutMinutes, TaskInput.fromObject(resume));
        if (perAccount) {
            for (LambdaInvoke task : List.of(startRun, resumeRun)) {
                task.addCatch(ends.runFailed(), CatchProps.builder().errors(List.of("States.ALL"))
                        .resultPath(JsonPath.DISCARD).build());
            }
        }
        Pass countAfterStart = count("CountStart", perAccount);
        Pass countAfterResume = count("CountResume", perAccount);
        Wait pause = Wait.Builder.create(this, "Pause").time(WaitTime.duration(PAUSE)).build();

        Choice finished = Choice.Builder.create(this, "Finished")
                .comment("status running: stopped at its deadline, to be resumed")
                .build()
                .when(Condition.and(Condition.stringEquals("$.run.status", "running"),
                        Condition.numberLessThan("$.invocations", MAX_INVOCATIONS)), pause)
                .when(Condition.stringEquals("$.run.status", "running"), ends.tooMany())
                .when(Condition.stringEquals("$.run.status", "failed"), ends.runFailed())
                .when(Condition.stringEquals("$.run.status", "aborted"), ends.runAborted())
                .otherwise(ends.done());
        Pass first = begin.build();
        first.next(startRun);
        startRun.next(countAfterStart);
        countAfterStart.next(finished);
        pause.next(resumeRun);
        resumeRun.next(countAfterResume);
        countAfterResume.next(finished);
        return first;
    }

    /**
     * Several Stripe accounts: each account's full run, one after another (they share the database and the
     * function's concurrency), each driven to its end by {@link #runLoop}. An account whose run fails, aborts or
     * stays unfinished does not stop the others; once all have had their turn the execution fails with the
     * worst outcome's error (RunFailed, RunAborted, TooManyInvocations, as with one account), and the
     * EachAccount iterations in its history say which account.
     */
    private IChainable everyAccount(List<String> accounts, IFunction function, int functionTimeoutMinutes) {
        Pass labels = Pass.Builder.create(this, "Accounts")
                .comment("The Stripe accounts of this deployment (stripeAccounts)")
                .result(Result.fromArray(List.copyOf(accounts)))
                .resultPath("$.accounts")
                .build();
        Ends outcomes = new Ends(outcome("AccountTooManyInvocations", "TooManyInvocations"),
                outcome("AccountRunFailed", "RunFailed"), outcome("AccountRunAborted", "RunAborted"),
                outcome("AccountDone", "Done"));
        software.amazon.awscdk.services.stepfunctions.Map each =
                software.amazon.awscdk.services.stepfunctions.Map.Builder.create(this, "EachAccount")
                        .comment("One account's full run at a time, each resumable as a single account's is")
                        .itemsPath("$.accounts")
                        .itemSelector(ordered("account", JsonPath.stringAt("$$.Map.Item.Value")))
                        .maxConcurrency(1)
                        .resultPath("$.outcomes")
                        .build();
        each.itemProcessor(runLoop(function, functionTimeoutMinutes, true, outcomes));
        Pass summary = Pass.Builder.create(this, "Outcomes")
                .parameters(ordered(
                        "failed.$", "States.ArrayContains($.outcomes, 'RunFailed')",
                        "aborted.$", "States.ArrayContains($.outcomes, 'RunAborted')",
                        "unfinished.$", "States.ArrayContains($.outcomes, 'TooManyInvocations')"))
                .build();
        String which = " The EachAccount iterations in this execution's history say which account.";
        Choice allSucceeded = Choice.Builder.create(this, "AllSucceeded").build()
                .when(Condition.booleanEquals("$.failed", true), Fail.Builder.create(this, "RunFailed")
                        .error("RunFailed").cause("An account's run failed (status failed, or its invocation"
                                + " failed); the other accounts ran." + which).build())
                .when(Condition.booleanEquals("$.aborted", true), Fail.Builder.create(this, "RunAborted")
                        .error("RunAborted").cause("An account's run was aborted and applied nothing: the safety"
                                + " guard tripped or another run held its lock; the other accounts ran." + which)
                        .build())
                .when(Condition.booleanEquals("$.unfinished", true), Fail.Builder.create(this, "TooManyInvocations")
                        .error("TooManyInvocations").cause("An account's run was still running after "
                                + MAX_INVOCATIONS + " invocations; it stays resumable for 24 h from its start."
                                + which).build())
                .otherwise(Succeed.Builder.create(this, "Done").build());
        labels.next(each);
        each.next(summary);
        summary.next(allSucceeded);
        return labels;
    }

    /** The end of one account's loop: its outcome, as the iteration's whole result. */
    private Pass outcome(String id, String outcome) {
        return Pass.Builder.create(this, id).result(Result.fromString(outcome)).build();
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

    private Pass count(String id, boolean perAccount) {
        Map<String, Object> state = new java.util.LinkedHashMap<>();
        if (perAccount) {
            state.put("account.$", "$.account");
        }
        state.put("invocations.$", "States.MathAdd($.invocations, 1)");
        state.put("run.$", "$.run");
        return Pass.Builder.create(this, id).parameters(state).build();
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

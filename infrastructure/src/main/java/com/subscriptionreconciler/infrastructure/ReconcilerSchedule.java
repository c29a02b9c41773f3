package com.subscriptionreconciler.infrastructure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.subscriptionreconciler.infrastructure.ReconcilerConfig.ScheduleConfig;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.events.targets.SfnStateMachineProps;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * EventBridge rules that start runs: the weekly full run (default Sunday 03:00 UTC) and, only when enabled by
 * context, a frequent incremental run (input {@code {"mode":"incremental","trigger":"schedule"}}, default hourly;
 * with several Stripe accounts one such input per account, with its {@code "account"}).
 * The weekly rule starts the {@link FullRunDriver} state machine, which invokes the function with
 * {@code {"mode":"full","trigger":"schedule"}} as often as the run needs (resumable runs); the
 * incremental rule invokes the function directly. A rule with a custom input delivers that input instead of the
 * Scheduled Event, so the input says {@code "trigger":"schedule"} itself; without it the handler would record
 * these runs as {@code manual}. Overlaps are harmless: the function's reserved concurrency of 1 queues the later
 * invocation and the
 * reconciler's database lock refuses a second concurrent run.
 *
 * <p>If EventBridge cannot hand an event to Lambda at all (for example a permission problem), it retries for up
 * to an hour and then parks the event in the function's failure queue, where the failure-queue alarm sees it.
 */
public final class ReconcilerSchedule extends Construct {

    private final Rule fullRun;
    private final Rule incrementalRun;

    /** EventBridge's limit of targets per rule. */
    static final int TARGETS_PER_RULE = 5;

    /**
     * @param accounts the labels of several Stripe accounts ({@code stripeAccounts}): the incremental rule then has
     *                 one target per account, each input naming its {@code account} (several rules past
     *                 {@value #TARGETS_PER_RULE} accounts); empty for one account
     */
    public ReconcilerSchedule(Construct scope, String id, ScheduleConfig config, IFunction function,
                              IQueue failureQueue, IStateMachine fullRunDriver, List<String> accounts) {
        super(scope, id);
        this.fullRun = fullRule(config.fullExpression(), fullRunDriver, failureQueue);
        List<Rule> incremental = new ArrayList<>();
        if (config.incrementalEnabled()) {
            List<Optional<String>> targets = accounts.isEmpty() ? List.of(Optional.empty())
                    : accounts.stream().map(Optional::of).toList();
            for (int first = 0; first < targets.size(); first += TARGETS_PER_RULE) {
                incremental.add(rule(first == 0 ? "IncrementalRun" : "IncrementalRun" + (first / TARGETS_PER_RULE + 1),
                        config.incrementalExpression(), "incremental",
                        "Incremental reconciliation from Stripe events since the last checkpoint", function,
                        failureQueue, targets.subList(first, Math.min(targets.size(), first + TARGETS_PER_RULE))));
            }
        }
        this.incrementalRun = incremental.isEmpty() ? null : incremental.get(0);
    }

    private Rule rule(String id, String expression, String mode, String description, IFunction function,
                      IQueue failureQueue, List<Optional<String>> accounts) {
        Rule rule = Rule.Builder.create(this, id)
                .description(description)
                .schedule(Schedule.expression(expression))
                .build();
        for (Optional<String> account : accounts) {
            Map<String, Object> input = input(mode);
            account.ifPresent(label -> input.put("account", label));
            rule.addTarget(new LambdaFunction(function, LambdaFunctionProps.builder()
                    .event(RuleTargetInput.fromObject(input))
                    .retryAttempts(3)
                    .maxEventAge(Duration.hours(1))
                    .deadLetterQueue(failureQueue)
                    .build()));
        }
        return rule;
    }

    /** The state machine ignores its input: it invokes the function with the full-run payload itself. */
    private Rule fullRule(String expression, IStateMachine driver, IQueue failureQueue) {
        Rule rule = Rule.Builder.create(this, "FullRun")
                .description("Weekly full reconciliation of MySQL billing rows against Stripe, driven to completion"
                        + " by a state machine")
                .schedule(Schedule.expression(expression))
                .build();
        rule.addTarget(new SfnStateMachine(driver, SfnStateMachineProps.builder()
                .retryAttempts(3)
                .maxEventAge(Duration.hours(1))
                .deadLetterQueue(failureQueue)
                .build()));
        return rule;
    }

    /** Insertion-ordered so the synthesized input is stable: {@code {"mode":…,"trigger":"schedule"}}. */
    static Map<String, Object> input(String mode) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("mode", mode);
        input.put("trigger", "schedule");
        return input;
    }

    public Rule fullRun() {
        return fullRun;
    }

    public Optional<Rule> incrementalRun() {
        return Optional.ofNullable(incrementalRun);
    }
}

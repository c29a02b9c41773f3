package com.subscriptionreconciler.lambda;

import java.util.List;

/**
 * The manual invocation payload (docs/reference.md, Lambda payloads), bound strictly by {@link PayloadParser}. All
 * fields optional.
 *
 * <p>{@code trigger} is an addition to the original payload: {@code "schedule"} lets an EventBridge rule with a custom
 * input (which EventBridge delivers instead of the Scheduled Event) record its runs as scheduled; without it such
 * runs would be recorded as {@code manual}. Only {@code schedule} and {@code manual} are accepted.
 *
 * <p>{@code resumeRunId} continues a full run that stopped at the invocation's deadline (its report said
 * {@code "status":"running"}); it may be combined only with {@code mode} {@code full} and {@code trigger}.
 *
 * <p>{@code account} names one account of {@code STRIPE_ACCOUNTS}; the invocation runs that account only (the
 * default account when absent). A resumed run is resumed with the account it started with.
 */
record InvocationPayload(
    String mode,
    Boolean dryRun,
    Boolean force,
    List<Long> organizationIds,
    List<String> customerIds,
    List<String> subscriptionIds,
    String trigger,
    String resumeRunId,
    String account) {}

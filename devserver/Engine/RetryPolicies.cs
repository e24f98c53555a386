using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;

namespace HelperPlatform.DevServer.Engine;

/// <summary>The outcome of a retry decision: retry after <see cref="Backoff"/>, or stop with <see cref="State"/>.</summary>
internal sealed record RetryDecision(RetryState State, TimeSpan Backoff)
{
    public bool ShouldRetry => State == RetryState.InProgress;
}

/// <summary>Temporal's retry policy semantics: defaults, exponential backoff, attempt and error-type limits.</summary>
internal static class RetryPolicies
{
    private static readonly TimeSpan DefaultInitialInterval = TimeSpan.FromSeconds(1);
    private const double DefaultBackoffCoefficient = 2.0;
    private const int DefaultMaximumIntervalFactor = 100;

    /// <summary>Activities always retry; missing fields take the server defaults.</summary>
    public static RetryPolicy WithActivityDefaults(RetryPolicy? requested)
    {
        var policy = requested?.Clone() ?? new RetryPolicy();
        if (policy.InitialInterval is null || policy.InitialInterval.ToTimeSpan() <= TimeSpan.Zero)
        {
            policy.InitialInterval = Duration.FromTimeSpan(DefaultInitialInterval);
        }
        if (policy.BackoffCoefficient < 1)
        {
            policy.BackoffCoefficient = DefaultBackoffCoefficient;
        }
        if (policy.MaximumInterval is null || policy.MaximumInterval.ToTimeSpan() <= TimeSpan.Zero)
        {
            policy.MaximumInterval = Duration.FromTimeSpan(policy.InitialInterval.ToTimeSpan() * DefaultMaximumIntervalFactor);
        }
        return policy;
    }

    /// <param name="attempt">The attempt that just failed, from 1.</param>
    /// <param name="deadline">The schedule-to-close deadline, if any: no retry may start after it.</param>
    public static RetryDecision Decide(RetryPolicy policy, int attempt, Failure failure, DateTimeOffset now, DateTimeOffset? deadline)
    {
        if (failure.ApplicationFailureInfo is { } application
            && (application.NonRetryable || policy.NonRetryableErrorTypes.Contains(application.Type)))
        {
            return new RetryDecision(RetryState.NonRetryableFailure, TimeSpan.Zero);
        }
        if (policy.MaximumAttempts > 0 && attempt >= policy.MaximumAttempts)
        {
            return new RetryDecision(RetryState.MaximumAttemptsReached, TimeSpan.Zero);
        }
        var backoff = failure.ApplicationFailureInfo?.NextRetryDelay is { } explicitDelay && explicitDelay.ToTimeSpan() > TimeSpan.Zero
            ? explicitDelay.ToTimeSpan()
            : ExponentialBackoff(policy, attempt);
        if (deadline is { } limit && now + backoff >= limit)
        {
            return new RetryDecision(RetryState.Timeout, TimeSpan.Zero);
        }
        return new RetryDecision(RetryState.InProgress, backoff);
    }

    private static TimeSpan ExponentialBackoff(RetryPolicy policy, int attempt)
    {
        var initial = policy.InitialInterval.ToTimeSpan();
        var maximum = policy.MaximumInterval.ToTimeSpan();
        var grown = initial.TotalMilliseconds * Math.Pow(policy.BackoffCoefficient, attempt - 1);
        return grown >= maximum.TotalMilliseconds ? maximum : TimeSpan.FromMilliseconds(grown);
    }
}

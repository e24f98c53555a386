using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace HelperPlatform.DevServer.Tests.Conformance;

public sealed class ActivityTests(TemporalServerFixture server) : IClassFixture<TemporalServerFixture>
{
    [Fact]
    public async Task ExecuteActivity_FailingTwiceThenSucceeding_RetriesWithoutRetriesInHistory()
    {
        var activities = new FlakyActivities();
        var (result, history) = await RunAsync(activities, new ActivityScenario(nameof(FlakyActivities.SucceedOnAttempt), Argument: 3, StartToClose: TimeSpan.FromSeconds(10)));

        Assert.Equal("done on attempt 3", result);
        Assert.Equal(3, activities.Attempts);
        var started = Assert.Single(history.Events, e => e.EventType == EventType.ActivityTaskStarted);
        Assert.Equal(3, started.ActivityTaskStartedEventAttributes.Attempt);
        Assert.Equal("attempt 2 failed", started.ActivityTaskStartedEventAttributes.LastFailure.Message);
        Assert.DoesNotContain(history.Events, e => e.EventType == EventType.ActivityTaskFailed);
    }

    [Fact]
    public async Task ExecuteActivity_AlwaysFailingWithMaximumAttempts_FailsWithMaximumAttemptsReached()
    {
        var activities = new FlakyActivities();
        var failure = await RunToFailureAsync(activities, new ActivityScenario(
            nameof(FlakyActivities.FailWith), "Transient", MaximumAttempts: 3, StartToClose: TimeSpan.FromSeconds(10)));

        Assert.Equal(RetryState.MaximumAttemptsReached, failure.RetryState);
        Assert.Equal("Transient", Assert.IsType<ApplicationFailureException>(failure.InnerException).ErrorType);
        Assert.Equal(3, activities.Attempts);
    }

    [Fact]
    public async Task ExecuteActivity_NonRetryableErrorType_FailsAfterOneAttempt()
    {
        var activities = new FlakyActivities();
        var failure = await RunToFailureAsync(activities, new ActivityScenario(
            nameof(FlakyActivities.FailWith), "Fatal", NonRetryableErrorTypes: ["Fatal"], StartToClose: TimeSpan.FromSeconds(10)));

        Assert.Equal(RetryState.NonRetryableFailure, failure.RetryState);
        Assert.Equal(1, activities.Attempts);
    }

    [Fact]
    public async Task ExecuteActivity_HeartbeatThenRetry_RetrySeesLastHeartbeatDetails()
    {
        var activities = new FlakyActivities();
        var (result, _) = await RunAsync(activities, new ActivityScenario(nameof(FlakyActivities.ResumeFromHeartbeatAsync), StartToClose: TimeSpan.FromSeconds(10)));

        Assert.Equal("42", result);
        Assert.Equal(42, activities.HeartbeatSeenOnRetry);
    }

    [Fact]
    public async Task ExecuteActivity_StartToCloseExceededOnFirstAttempt_RetriesAndSucceeds()
    {
        var (result, history) = await RunAsync(new FlakyActivities(), new ActivityScenario(
            nameof(FlakyActivities.SlowOnFirstAttemptAsync), StartToClose: TimeSpan.FromSeconds(1)));

        Assert.Equal("done on attempt 2", result);
        var started = Assert.Single(history.Events, e => e.EventType == EventType.ActivityTaskStarted);
        Assert.Equal(TimeoutType.StartToClose, started.ActivityTaskStartedEventAttributes.LastFailure.TimeoutFailureInfo.TimeoutType);
    }

    [Fact]
    public async Task ExecuteActivity_StartToCloseExceededOnLastAttempt_FailsWithStartToCloseTimeout()
    {
        var failure = await RunToFailureAsync(new FlakyActivities(), new ActivityScenario(
            nameof(FlakyActivities.SlowOnFirstAttemptAsync), MaximumAttempts: 1, StartToClose: TimeSpan.FromSeconds(1)));

        Assert.Equal(TimeoutType.StartToClose, Assert.IsType<TimeoutFailureException>(failure.InnerException).TimeoutType);
    }

    [Fact]
    public async Task ExecuteActivity_NoWorkerOnItsQueue_FailsWithScheduleToStartTimeout()
    {
        var failure = await RunToFailureAsync(new FlakyActivities(), new ActivityScenario(
            nameof(FlakyActivities.SucceedOnAttempt), 1, ScheduleToStart: TimeSpan.FromSeconds(1), StartToClose: TimeSpan.FromSeconds(10), OnQueueWithoutWorkers: true));

        Assert.Equal(TimeoutType.ScheduleToStart, Assert.IsType<TimeoutFailureException>(failure.InnerException).TimeoutType);
    }

    [Fact]
    public async Task ExecuteActivity_RetryingPastScheduleToClose_FailsWithScheduleToCloseTimeout()
    {
        var failure = await RunToFailureAsync(new FlakyActivities(), new ActivityScenario(
            nameof(FlakyActivities.SlowOnFirstAttemptAsync), ScheduleToClose: TimeSpan.FromSeconds(1)));

        Assert.Equal(TimeoutType.ScheduleToClose, Assert.IsType<TimeoutFailureException>(failure.InnerException).TimeoutType);
    }

    [Fact]
    public async Task ExecuteActivity_StoppingHeartbeats_FailsWithHeartbeatTimeoutCarryingDetails()
    {
        var failure = await RunToFailureAsync(new FlakyActivities(), new ActivityScenario(
            nameof(FlakyActivities.StopHeartbeatingAsync), MaximumAttempts: 1, Heartbeat: TimeSpan.FromSeconds(1), StartToClose: TimeSpan.FromSeconds(30)));

        var timeout = Assert.IsType<TimeoutFailureException>(failure.InnerException);
        Assert.Equal(TimeoutType.Heartbeat, timeout.TimeoutType);
        Assert.Equal("alive", timeout.LastHeartbeatDetails.ElementAt<string>(0));
    }

    [Fact]
    public async Task CancelActivity_WhileItHeartbeats_ActivityReportsCancellation()
    {
        var (result, history) = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<CancelActivityWorkflow>().AddAllActivities(new FlakyActivities()),
            async taskQueue =>
            {
                var handle = await server.Client.StartWorkflowAsync(
                    (CancelActivityWorkflow wf) => wf.RunAsync(), new(id: $"wf-{Guid.NewGuid()}", taskQueue: taskQueue));
                return (await handle.GetResultAsync(), await handle.FetchHistoryAsync());
            });

        Assert.Equal("cancelled", result);
        Assert.Contains(history.Events, e => e.EventType == EventType.ActivityTaskCancelRequested);
        Assert.Contains(history.Events, e => e.EventType == EventType.ActivityTaskCanceled);
    }

    [Theory]
    [InlineData(ActivityCancellationType.TryCancel)]
    [InlineData(ActivityCancellationType.WaitCancellationCompleted)]
    public async Task CancelActivity_BeforeAnyWorkerStartedIt_WorkflowSeesTheCancellationAndCompletes(ActivityCancellationType cancellationType)
    {
        var (result, history) = await server.WithWorkerAsync(
            worker => worker.AddWorkflow<CancelUnstartedActivityWorkflow>(),
            async taskQueue =>
            {
                var handle = await server.Client.StartWorkflowAsync(
                    (CancelUnstartedActivityWorkflow wf) => wf.RunAsync(cancellationType), new(id: $"wf-{Guid.NewGuid()}", taskQueue: taskQueue));
                // WaitCancellationCompleted waits for the ActivityTaskCanceled event: without a workflow task to
                // deliver it the workflow would never complete, and this bounds that wait.
                return (await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(30)), await handle.FetchHistoryAsync());
            });

        Assert.Equal("cancelled", result);
        Assert.DoesNotContain(history.Events, e => e.EventType == EventType.ActivityTaskStarted);
        Assert.Contains(history.Events, e => e.EventType == EventType.ActivityTaskCanceled);
        Assert.Equal(EventType.WorkflowExecutionCompleted, history.Events.Last().EventType);
    }

    private Task<(string Result, Temporalio.Common.WorkflowHistory History)> RunAsync(
        FlakyActivities activities, ActivityScenario scenario) =>
        server.WithWorkerAsync(
            worker => worker.AddWorkflow<CallActivityWorkflow>().AddAllActivities(activities),
            async taskQueue =>
            {
                var handle = await server.Client.StartWorkflowAsync(
                    (CallActivityWorkflow wf) => wf.RunAsync(scenario),
                    new(id: $"wf-{Guid.NewGuid()}", taskQueue: taskQueue));
                return (await handle.GetResultAsync(), await handle.FetchHistoryAsync());
            });

    private Task<ActivityFailureException> RunToFailureAsync(FlakyActivities activities, ActivityScenario scenario) =>
        server.WithWorkerAsync(
            worker => worker.AddWorkflow<CallActivityWorkflow>().AddAllActivities(activities),
            async taskQueue =>
            {
                var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => server.Client.ExecuteWorkflowAsync(
                    (CallActivityWorkflow wf) => wf.RunAsync(scenario), new(id: $"wf-{Guid.NewGuid()}", taskQueue: taskQueue)));
                return Assert.IsType<ActivityFailureException>(failure.InnerException);
            });
}

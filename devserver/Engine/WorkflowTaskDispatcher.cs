using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HelperPlatform.DevServer.Executions;
using HelperPlatform.DevServer.Matching;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace HelperPlatform.DevServer.Engine;

/// <summary>
/// Workflow tasks: scheduling them, handing them to pollers, and taking their completions, failures and timeouts.
/// Events that arrive while a task is out are held and written after the task's own events, so the worker's
/// view of history and the server's never disagree.
/// </summary>
internal sealed class WorkflowTaskDispatcher(DevServerEngine engine)
{
    /// <summary>The message the SDK core matches to recognise an unhandled-command rejection.</summary>
    private const string UnhandledCommandMessage = "UnhandledCommand";

    private static readonly TimeSpan DefaultStickyScheduleToStartTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Writes events caused by something outside the workflow (a signal, a timer, an activity result) and makes sure
    /// a workflow task will show them. Call under the gate.
    /// </summary>
    public void Record(WorkflowRun run, HeldEvents events)
    {
        if (!run.IsOpen)
        {
            return;
        }
        if (run.WorkflowTask is { IsStarted: true })
        {
            run.HoldForTask(events);
            return;
        }
        events.WriteTo(run, engine.Now);
        Schedule(run);
    }

    /// <summary>Writes one event caused by something outside the workflow; see the overload. Call under the gate.</summary>
    public void Record(WorkflowRun run, HistoryEvent historyEvent) => Record(run, HeldEvents.Of(historyEvent));

    /// <summary>Queues a workflow task for the run unless one is already pending. Call under the gate.</summary>
    public void Schedule(WorkflowRun run)
    {
        if (!run.IsOpen || run.WorkflowTask is not null)
        {
            return;
        }
        var task = new WorkflowTaskState(run.NextWorkflowTaskSequence++, run.WorkflowTaskAttempt, engine.Now);
        run.WorkflowTask = task;
        if (run.StickyQueue is { } stickyQueue)
        {
            engine.Queues.Workflow(run.Namespace, stickyQueue).Add(new WorkflowQueueItem(run, task.Sequence, IsSticky: true));
            task.StickyScheduleToStartTimer = engine.Timers.ScheduleAfter(run.StickyScheduleToStartTimeout, () => MoveToNormalQueue(run, task));
            return;
        }
        engine.Queues.Workflow(run.Namespace, run.TaskQueue).Add(new WorkflowQueueItem(run, task.Sequence));
    }

    /// <summary>Queues again a workflow task entry that was held back; to its sticky queue if the run still has one. Call under the gate.</summary>
    public void Requeue(WorkflowQueueItem item)
    {
        var run = item.Run;
        if (item.IsSticky && run.StickyQueue is { } stickyQueue)
        {
            engine.Queues.Workflow(run.Namespace, stickyQueue).Add(item);
            return;
        }
        engine.Queues.Workflow(run.Namespace, run.TaskQueue).Add(item with { IsSticky = false });
    }

    /// <summary>
    /// Stops sending the run's tasks to its sticky worker (which failed, stopped or went quiet); a task already
    /// waiting there is offered on the normal queue too, and whichever worker takes it first gets it. Call under the gate.
    /// </summary>
    public void MoveToNormalQueue(WorkflowRun run, WorkflowTaskState? waitingTask)
    {
        run.StickyQueue = null;
        if (waitingTask is not null && run.WorkflowTask == waitingTask && !waitingTask.IsStarted)
        {
            engine.Queues.Workflow(run.Namespace, run.TaskQueue).Add(new WorkflowQueueItem(run, waitingTask.Sequence));
        }
    }

    /// <summary>Forgets the sticky queue of a stopping worker for every run that used it. Call under the gate.</summary>
    public void ForgetStickyQueue(string stickyQueue)
    {
        foreach (var run in engine.Store.OpenRuns.Where(run => run.StickyQueue == stickyQueue).ToList())
        {
            MoveToNormalQueue(run, run.WorkflowTask);
        }
    }

    public async Task<PollWorkflowTaskQueueResponse> PollAsync(PollWorkflowTaskQueueRequest request, ServerCallContext context)
    {
        var queueName = request.TaskQueue?.Name;
        if (string.IsNullOrEmpty(queueName))
        {
            throw RpcErrors.InvalidArgument("TaskQueue is not set on request.");
        }
        TaskQueue<WorkflowQueueItem> queue;
        lock (engine.Gate)
        {
            queue = engine.Queues.Workflow(engine.NamespaceOf(request.Namespace), queueName);
        }
        // On a durable server a task goes out once everything it was made from is committed, but not its own start:
        // a start lost in a crash is a task the next server hands out again, and the worker's answer to the lost one
        // is refused, as after a task that timed out (a local activity it ran runs again, as then: at least once, on
        // committed inputs). The start rides in the next batch instead of forcing a commit of its own (the
        // DurableAnswerInterceptor skips this call).
        var committed = Task.CompletedTask;
        var response = await LongPoll.TakeTaskAsync(
            queue,
            engine.Gate,
            request.Identity,
            context,
            item =>
            {
                committed = engine.CommittedSoFar();
                return item.Query is null ? TryStart(item, request.Identity) : engine.Queries.StartLegacyQueryTask(item.Query);
            });
        await committed;
        return response ?? new PollWorkflowTaskQueueResponse();
    }

    public RespondWorkflowTaskCompletedResponse Complete(RespondWorkflowTaskCompletedRequest request)
    {
        lock (engine.Gate)
        {
            var (run, task) = ResolveStartedTask(request.TaskToken);
            task.StartToCloseTimer?.Dispose();
            QueryRouter.AnswerCarried(task, request.QueryResults);
            if (request.Commands.Any(IsClosingCommand) && HasWorkUnseenByTask(run, task))
            {
                throw RefuseCompletion(run, task, new CommandRejection(WorkflowTaskFailedCause.UnhandledCommand, UnhandledCommandMessage), request.Identity);
            }
            if (CommandProcessor.FindRejection(run, request.Commands, request.Messages) is { } rejection)
            {
                throw RefuseCompletion(run, task, rejection, request.Identity);
            }

            var completedEventId = run.Append(
                new HistoryEvent
                {
                    EventType = EventType.WorkflowTaskCompleted,
                    WorkflowTaskCompletedEventAttributes = new()
                    {
                        ScheduledEventId = task.ScheduledEventId,
                        StartedEventId = task.StartedEventId,
                        Identity = request.Identity,
                        SdkMetadata = request.SdkMetadata,
                        MeteringMetadata = request.MeteringMetadata,
                    },
                },
                engine.Now);
            run.LastCompletedTaskStartedEventId = task.StartedEventId;
            run.WorkflowTaskAttempt = 1;
            RememberStickyQueue(run, request.StickyAttributes);
            run.WorkflowTask = null;
            var worker = new CompletingWorker(request.Identity);
            var applied = engine.Commands.Apply(run, completedEventId, request.Commands, request.Messages, worker);
            EndTask(run, task, needsNewTask: request.ForceCreateNewWorkflowTask || applied.NeedsWorkflowTask);
            foreach (var effect in applied.Effects)
            {
                effect();
            }
            engine.NotifyProgress();
            var response = new RespondWorkflowTaskCompletedResponse();
            if (run.IsOpen)
            {
                // A run the same task closed has dropped its activities: their tasks would only be refused later.
                response.ActivityTasks.AddRange(worker.EagerActivityTasks);
            }
            if (request.ReturnNewWorkflowTask && StartNextInCompletion(run, request.Identity) is { } next)
            {
                response.WorkflowTask = next;
            }
            return response;
        }
    }

    /// <summary>
    /// As the real server does for a worker that asks for it (every SDK core worker does): when what arrived while the
    /// task ran (an update, a signal, an activity's result) needs another task at once, that task starts here and goes
    /// back in the completion's answer, with the history a sticky poll would bring, instead of through the queue and a
    /// poll. Its queue entry stays; a poller that takes it finds the task started and skips it. Call under the gate.
    /// </summary>
    private PollWorkflowTaskQueueResponse? StartNextInCompletion(WorkflowRun run, string identity)
    {
        if (!run.IsOpen || run.WorkflowTask is not { IsStarted: false } next)
        {
            return null;
        }
        return TryStart(new WorkflowQueueItem(run, next.Sequence, IsSticky: run.StickyQueue is not null), identity);
    }

    /// <summary>Records the task as failed and schedules a new one; the returned error is the caller's answer.</summary>
    private RpcException RefuseCompletion(WorkflowRun run, WorkflowTaskState task, CommandRejection rejection, string identity)
    {
        run.Append(
            new HistoryEvent
            {
                EventType = EventType.WorkflowTaskFailed,
                WorkflowTaskFailedEventAttributes = new()
                {
                    ScheduledEventId = task.ScheduledEventId,
                    StartedEventId = task.StartedEventId,
                    Cause = rejection.Cause,
                    Identity = identity,
                },
            },
            engine.Now);
        run.StickyQueue = null;
        EndTask(run, task, needsNewTask: true);
        return RpcErrors.InvalidArgument(rejection.Message);
    }

    public RespondWorkflowTaskFailedResponse Fail(RespondWorkflowTaskFailedRequest request)
    {
        lock (engine.Gate)
        {
            var (run, task) = ResolveStartedTask(request.TaskToken);
            task.StartToCloseTimer?.Dispose();
            run.Append(
                new HistoryEvent
                {
                    EventType = EventType.WorkflowTaskFailed,
                    WorkflowTaskFailedEventAttributes = new()
                    {
                        ScheduledEventId = task.ScheduledEventId,
                        StartedEventId = task.StartedEventId,
                        Cause = request.Cause,
                        Failure = request.Failure,
                        Identity = request.Identity,
                    },
                },
                engine.Now);
            run.WorkflowTaskAttempt++;
            run.StickyQueue = null;
            EndTask(run, task, needsNewTask: true);
            engine.NotifyProgress();
            return new RespondWorkflowTaskFailedResponse();
        }
    }

    private PollWorkflowTaskQueueResponse? TryStart(WorkflowQueueItem item, string identity)
    {
        var run = item.Run;
        var task = run.WorkflowTask;
        if (!run.IsOpen || task is null || task.Sequence != item.TaskSequence || task.IsStarted)
        {
            return null;
        }
        if (run.LegacyQueriesWithWorker.Count > 0)
        {
            // The worker is answering a legacy query from the history as it was; a workflow task reaching it
            // meanwhile races that query inside the worker (the query is then lost, or its older history is taken
            // in after the task's). The task waits for the answer, as a real worker's one-task-per-run rule expects.
            run.TaskHeldForLegacyQueries = item;
            return null;
        }
        var now = engine.Now;
        var scheduledEventId = run.Append(
            new HistoryEvent
            {
                EventType = EventType.WorkflowTaskScheduled,
                WorkflowTaskScheduledEventAttributes = new()
                {
                    TaskQueue = run.Started.TaskQueue,
                    StartToCloseTimeout = run.Started.WorkflowTaskTimeout,
                    Attempt = task.Attempt,
                },
            },
            now);
        var startedEventId = run.Append(
            new HistoryEvent
            {
                EventType = EventType.WorkflowTaskStarted,
                WorkflowTaskStartedEventAttributes = new()
                {
                    ScheduledEventId = scheduledEventId,
                    Identity = identity,
                    RequestId = Guid.NewGuid().ToString(),
                },
            },
            now);
        task.MarkStarted(scheduledEventId, startedEventId, now);
        task.StickyScheduleToStartTimer?.Cancel();
        // The timeout notices a worker that went away, which only real time shows; as on the Temporal test server,
        // a time skip (SkipTimeAsync, auto-skipping) never times out a task that a worker is working on.
        task.StartToCloseTimer = engine.WallClock.CreateTimer(
            _ => TimeOut(run, task), state: null, run.Started.WorkflowTaskTimeout.ToTimeSpan(), Timeout.InfiniteTimeSpan);

        var response = new PollWorkflowTaskQueueResponse
        {
            TaskToken = new TaskToken(TaskTokenKind.WorkflowTask, run.RunId, task.Sequence).ToByteString(),
            WorkflowExecution = run.Execution,
            WorkflowType = run.Started.WorkflowType,
            PreviousStartedEventId = run.LastCompletedTaskStartedEventId,
            StartedEventId = startedEventId,
            Attempt = task.Attempt,
            History = new History(),
            WorkflowExecutionTaskQueue = run.Started.TaskQueue,
            ScheduledTime = Timestamp.FromDateTimeOffset(task.ScheduledTime),
            StartedTime = Timestamp.FromDateTimeOffset(now),
        };
        response.History.Events.AddRange(item.IsSticky ? run.History.Events.Skip((int)run.LastCompletedTaskStartedEventId) : run.History.Events);
        QueryRouter.CarryInto(run, task, response);
        UpdateRouter.DeliverInto(run, task, response);
        return response;
    }

    private void TimeOut(WorkflowRun run, WorkflowTaskState task)
    {
        lock (engine.Gate)
        {
            TimeOutUnderGate(run, task);
        }
    }

    private void TimeOutUnderGate(WorkflowRun run, WorkflowTaskState task)
    {
        if (run.WorkflowTask != task || !run.IsOpen)
        {
            return;
        }
        run.Append(TimedOutEvent(task.ScheduledEventId, task.StartedEventId), engine.Now);
        run.WorkflowTaskAttempt++;
        run.StickyQueue = null;
        EndTask(run, task, needsNewTask: true);
        engine.NotifyProgress();
    }

    /// <summary>The WorkflowTaskTimedOut of a task whose worker did not complete it in time (or whose server stopped).</summary>
    public static HistoryEvent TimedOutEvent(long scheduledEventId, long startedEventId) => new()
    {
        EventType = EventType.WorkflowTaskTimedOut,
        WorkflowTaskTimedOutEventAttributes = new()
        {
            ScheduledEventId = scheduledEventId,
            StartedEventId = startedEventId,
            TimeoutType = TimeoutType.StartToClose,
        },
    };

    /// <summary>Writes held events and decides whether the run needs another task right away.</summary>
    private void EndTask(WorkflowRun run, WorkflowTaskState task, bool needsNewTask)
    {
        if (run.WorkflowTask == task)
        {
            run.WorkflowTask = null;
        }
        QueryRouter.ReturnUnanswered(run, task);
        if (!run.IsOpen)
        {
            return;
        }
        var hadHeldEvents = run.HasEventsHeldForTask;
        run.WriteHeldEvents(engine.Now);
        if (needsNewTask || hadHeldEvents || run.UpdatesAwaitingWorker.Any())
        {
            Schedule(run);
        }
        else
        {
            engine.Queries.DispatchAsLegacyTasks(run);
        }
    }

    private static void RememberStickyQueue(WorkflowRun run, Temporalio.Api.TaskQueue.V1.StickyExecutionAttributes? sticky)
    {
        var stickyQueue = sticky?.WorkerTaskQueue?.Name;
        if (string.IsNullOrEmpty(stickyQueue))
        {
            run.StickyQueue = null;
            return;
        }
        run.StickyQueue = stickyQueue;
        var timeout = sticky!.ScheduleToStartTimeout?.ToTimeSpan() ?? TimeSpan.Zero;
        run.StickyScheduleToStartTimeout = timeout > TimeSpan.Zero ? timeout : DefaultStickyScheduleToStartTimeout;
    }

    private (WorkflowRun Run, WorkflowTaskState Task) ResolveStartedTask(Google.Protobuf.ByteString taskToken)
    {
        var token = TaskToken.Parse(taskToken, TaskTokenKind.WorkflowTask);
        var run = engine.Store.FindByRunId(token.RunId);
        if (run is not { IsOpen: true } || run.WorkflowTask is not { IsStarted: true } task || task.Sequence != token.TaskId)
        {
            throw RpcErrors.NotFound("Workflow task not found: it timed out, failed or its workflow closed.");
        }
        return (run, task);
    }

    private static bool HasWorkUnseenByTask(WorkflowRun run, WorkflowTaskState task) =>
        run.HasEventsHeldForTask || run.UpdatesAwaitingWorker.Any(update => !task.DeliveredUpdates.Contains(update));

    private static bool IsClosingCommand(Command command) => command.CommandType
        is CommandType.CompleteWorkflowExecution
        or CommandType.FailWorkflowExecution
        or CommandType.CancelWorkflowExecution
        or CommandType.ContinueAsNewWorkflowExecution;
}

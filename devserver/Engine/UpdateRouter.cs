using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HelperPlatform.DevServer.Executions;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Protocol.V1;
using Temporalio.Api.Update.V1;
using Temporalio.Api.WorkflowService.V1;

namespace HelperPlatform.DevServer.Engine;

/// <summary>
/// Workflow updates over the update protocol: requests travel to the worker as messages in a workflow task, and
/// the worker's acceptance, rejection and response messages come back in its completion. Callers wait for the
/// stage they asked for, or get the current one when their deadline nears and poll again.
/// </summary>
internal sealed class UpdateRouter(DevServerEngine engine)
{
    public async Task<UpdateWorkflowExecutionResponse> UpdateAsync(UpdateWorkflowExecutionRequest request, ServerCallContext context)
    {
        var updateRequest = request.Request;
        if (string.IsNullOrEmpty(updateRequest?.Meta?.UpdateId) || string.IsNullOrEmpty(updateRequest.Input?.Name))
        {
            throw RpcErrors.InvalidArgument("An update request needs an update id and a name.");
        }
        WorkflowRun run;
        WorkflowUpdate update;
        lock (engine.Gate)
        {
            run = engine.RequireRun(request.Namespace, request.WorkflowExecution?.WorkflowId ?? string.Empty, request.WorkflowExecution?.RunId);
            if (!run.Updates.TryGetValue(updateRequest.Meta.UpdateId, out update!))
            {
                if (!run.IsOpen)
                {
                    throw RpcErrors.WorkflowClosed();
                }
                update = new WorkflowUpdate(updateRequest);
                run.Updates.Add(update.UpdateId, update);
                run.MarkChanged();
                engine.WorkflowTasks.Schedule(run);
            }
        }
        await WaitForStageAsync(update, request.WaitPolicy?.LifecycleStage ?? UpdateWorkflowExecutionLifecycleStage.Accepted, context);
        lock (engine.Gate)
        {
            ThrowIfAbandoned(update);
            return new UpdateWorkflowExecutionResponse
            {
                UpdateRef = new() { WorkflowExecution = run.Execution, UpdateId = update.UpdateId },
                Outcome = update.Outcome,
                Stage = update.Stage,
            };
        }
    }

    public async Task<PollWorkflowExecutionUpdateResponse> PollAsync(PollWorkflowExecutionUpdateRequest request, ServerCallContext context)
    {
        var execution = request.UpdateRef?.WorkflowExecution;
        WorkflowRun run;
        WorkflowUpdate? update;
        lock (engine.Gate)
        {
            run = engine.RequireRun(request.Namespace, execution?.WorkflowId ?? string.Empty, execution?.RunId);
            update = run.Updates.GetValueOrDefault(request.UpdateRef!.UpdateId)
                ?? throw RpcErrors.NotFound($"Update {request.UpdateRef.UpdateId} not found.");
        }
        await WaitForStageAsync(update, request.WaitPolicy?.LifecycleStage ?? UpdateWorkflowExecutionLifecycleStage.Completed, context);
        lock (engine.Gate)
        {
            ThrowIfAbandoned(update);
            return new PollWorkflowExecutionUpdateResponse
            {
                UpdateRef = new() { WorkflowExecution = run.Execution, UpdateId = update.UpdateId },
                Outcome = update.Outcome,
                Stage = update.Stage,
            };
        }
    }

    /// <summary>Adds the requests of updates the worker has not seen to the task being started. Call under the gate.</summary>
    public static void DeliverInto(WorkflowRun run, WorkflowTaskState task, PollWorkflowTaskQueueResponse response)
    {
        foreach (var update in run.UpdatesAwaitingWorker)
        {
            task.DeliveredUpdates.Add(update);
            response.Messages.Add(new Message
            {
                Id = update.RequestMessageId,
                ProtocolInstanceId = update.UpdateId,
                EventId = task.ScheduledEventId,
                Body = Any.Pack(update.Request),
            });
        }
    }

    /// <summary>Applies one acceptance, rejection or response message from a workflow task completion. Call under the gate.</summary>
    public void ApplyWorkerMessage(WorkflowRun run, Message message)
    {
        if (!run.Updates.TryGetValue(message.ProtocolInstanceId, out var update) || message.Body is null)
        {
            return;
        }
        if (message.Body.TryUnpack(out Acceptance acceptance))
        {
            if (update.Stage != UpdateWorkflowExecutionLifecycleStage.Admitted || !run.IsOpen)
            {
                return;
            }
            var acceptedEventId = run.Append(
                new HistoryEvent
                {
                    EventType = EventType.WorkflowExecutionUpdateAccepted,
                    WorkflowExecutionUpdateAcceptedEventAttributes = new()
                    {
                        ProtocolInstanceId = update.UpdateId,
                        AcceptedRequestMessageId = acceptance.AcceptedRequestMessageId,
                        AcceptedRequestSequencingEventId = acceptance.AcceptedRequestSequencingEventId,
                        AcceptedRequest = update.Request,
                    },
                },
                engine.Now);
            update.Accept(acceptedEventId);
        }
        else if (message.Body.TryUnpack(out Rejection rejection))
        {
            // A rejected update leaves no trace in history, as on the real server.
            update.Complete(new Outcome { Failure = rejection.Failure });
        }
        else if (message.Body.TryUnpack(out Response response) && run.IsOpen)
        {
            run.Append(
                new HistoryEvent
                {
                    EventType = EventType.WorkflowExecutionUpdateCompleted,
                    WorkflowExecutionUpdateCompletedEventAttributes = new()
                    {
                        Meta = response.Meta,
                        AcceptedEventId = update.AcceptedEventId,
                        Outcome = response.Outcome,
                    },
                },
                engine.Now);
            update.Complete(response.Outcome);
        }
    }

    /// <summary>Fails the waiters of updates the closed run will never finish. Call under the gate.</summary>
    public static void AbandonAll(WorkflowRun run)
    {
        foreach (var update in run.Updates.Values.Where(update => update.Stage != UpdateWorkflowExecutionLifecycleStage.Completed))
        {
            update.Abandon("Workflow execution already completed.");
        }
    }

    private async Task WaitForStageAsync(WorkflowUpdate update, UpdateWorkflowExecutionLifecycleStage stage, ServerCallContext context)
    {
        var timeout = LongPoll.TimeoutFor(context);
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            Task stageChanged;
            lock (engine.Gate)
            {
                if (update.Stage >= stage || update.AbandonedReason is not null)
                {
                    return;
                }
                stageChanged = update.StageChanged;
            }
            var remaining = timeout - elapsed.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }
            try
            {
                await stageChanged.WaitAsync(remaining, context.CancellationToken);
            }
            catch (TimeoutException)
            {
                return;
            }
        }
    }

    private static void ThrowIfAbandoned(WorkflowUpdate update)
    {
        if (update.AbandonedReason is { } reason)
        {
            throw RpcErrors.NotFound(reason);
        }
    }
}

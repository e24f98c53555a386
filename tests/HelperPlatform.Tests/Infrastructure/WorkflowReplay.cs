using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Host.Platform;
using HelperPlatform.Workflows.Platform;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Extensions.Hosting;
using Temporalio.Worker;

namespace HelperPlatform.Tests.Infrastructure;

/// <summary>
/// Determinism checks: the histories of a host's closed workflows, fetched from its dev server, replayed against
/// the workflow definitions the host's context workers register, so the replay runs exactly the code the worker
/// ran. A replay fails when the code would issue other commands than the history records. Recorded histories,
/// checked in under a context's <c>Histories</c> folder, are replayed the same way (docs/ordering.md, "Changing the
/// order workflow").
/// </summary>
internal sealed class WorkflowReplay
{
    /// <summary>Set to <c>1</c> to have the tests that drive a recorded history's run write its fresh history over the file.</summary>
    private const string RecordSwitch = "HELPERPLATFORM_RECORD_HISTORIES";

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private readonly TemporalClient client;
    private readonly WorkflowReplayerOptions options;

    private WorkflowReplay(TemporalClient client, WorkflowReplayerOptions options)
    {
        this.client = client;
        this.options = options;
    }

    public static async Task<WorkflowReplay> CreateAsync(PlatformHost host)
    {
        var workers = host.Services.GetRequiredService<IOptionsMonitor<TemporalWorkerServiceOptions>>();
        var options = new WorkflowReplayerOptions();
        foreach (var context in host.Services.GetRequiredService<ContextSelection>().Contexts)
        {
            foreach (var workflow in workers.Get(context.TaskQueue()).Workflows)
            {
                options.AddWorkflow(workflow);
            }
        }

        return new WorkflowReplay(await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(host.Temporal.Address)), options);
    }

    /// <summary>The whole history of <paramref name="workflowId"/> once it has closed (children close a moment after their parent asks them to).</summary>
    public Task<WorkflowHistory> ClosedHistoryAsync(string workflowId) =>
        HistoryAsync(workflowId, history => ClosingEvent(history) is not null, "closed");

    /// <summary>Polls the history of <paramref name="workflowId"/> until it satisfies <paramref name="until"/>.</summary>
    public async Task<WorkflowHistory> HistoryAsync(string workflowId, Func<WorkflowHistory, bool> until, string what)
    {
        var handle = client.GetWorkflowHandle(workflowId);
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        while (true)
        {
            var history = await handle.FetchHistoryAsync();
            if (until(history))
            {
                return history;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"{workflowId} never {what}; its last event is {history.Events.Last().EventType}.");
            await Task.Delay(50);
        }
    }

    /// <summary>Replays every history against the current workflow code; a failure names the workflow and the non-determinism.</summary>
    public async Task AssertReplaysAsync(params WorkflowHistory[] histories)
    {
        var results = await new WorkflowReplayer(options).ReplayWorkflowsAsync(histories);
        var failures = results.Where(result => result.ReplayFailure is not null).Select(result => $"{result.History.Id}: {result.ReplayFailure!.Message}").ToList();
        Assert.True(failures.Count == 0, $"Histories that do not replay against the current code:\n{string.Join('\n', failures)}");
    }

    /// <summary>
    /// The history recorded as <c>{context}/Histories/{name}</c>, read from the build output, which copies every
    /// context's <c>Histories</c> folder.
    /// </summary>
    public static async Task<WorkflowHistory> RecordedAsync(BoundedContext context, string name) =>
        WorkflowHistory.FromJson(
            $"recorded-{Path.GetFileNameWithoutExtension(name)}",
            await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, context.ToString(), "Histories", name)));

    /// <summary>
    /// Asserts that <paramref name="history"/> reads back event for event from the JSON a recording writes (a recorded
    /// history is replayed from its file), and with <c>HELPERPLATFORM_RECORD_HISTORIES=1</c> writes that JSON over
    /// the checked-in <c>{context}/Histories/{name}</c>.
    /// </summary>
    public static async Task RecordOnRequestAsync(WorkflowHistory history, BoundedContext context, string name)
    {
        // Indented, so a review can read the file event by event.
        var recordable = JsonNode.Parse(history.ToJson())!.ToJsonString(
            new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        Assert.Equal(history.Events, WorkflowHistory.FromJson(history.Id, recordable).Events);
        if (Environment.GetEnvironmentVariable(RecordSwitch) == "1")
        {
            await File.WriteAllTextAsync(Path.Combine(TestProjectDirectory(), context.ToString(), "Histories", name), recordable);
        }
    }

    /// <summary>How the run closed, or null while it runs.</summary>
    public static EventType? ClosingEvent(WorkflowHistory history) =>
        history.Events.Last().EventType is var last and (
            EventType.WorkflowExecutionCompleted or EventType.WorkflowExecutionFailed or EventType.WorkflowExecutionCanceled
            or EventType.WorkflowExecutionTerminated or EventType.WorkflowExecutionTimedOut or EventType.WorkflowExecutionContinuedAsNew)
            ? last
            : null;

    /// <summary>The updates the workflow accepted, by name, in history order.</summary>
    public static List<string> AcceptedUpdates(WorkflowHistory history) =>
        [.. history.Events.Select(e => e.WorkflowExecutionUpdateAcceptedEventAttributes).OfType<WorkflowExecutionUpdateAcceptedEventAttributes>()
            .Select(accepted => accepted.AcceptedRequest.Input.Name)];

    /// <summary>The activity types the workflow scheduled on a task queue, in history order.</summary>
    public static List<string> Activities(WorkflowHistory history) =>
        [.. history.Events.Select(e => e.ActivityTaskScheduledEventAttributes?.ActivityType.Name).OfType<string>()];

    /// <summary>
    /// The local activities the workflow ran, in history order: each is a <c>core_local_activity</c> marker whose
    /// <c>data</c> detail is the SDK's JSON record of the run, which names the activity type.
    /// </summary>
    public static List<string> LocalActivities(WorkflowHistory history) =>
        [.. Markers(history, "core_local_activity")
            .Select(marker => JsonNode.Parse(marker.Details["data"].Payloads_[0].Data.Span)!["activity_type"]!.GetValue<string>())];

    /// <summary>The patches the workflow run took (<c>Workflow.Patched</c>), by id, in history order.</summary>
    public static List<string> Patches(WorkflowHistory history) =>
        [.. Markers(history, "core_patch").Select(marker => JsonNode.Parse(marker.Details["patch-data"].Payloads_[0].Data.Span)!["id"]!.GetValue<string>())];

    private static IEnumerable<MarkerRecordedEventAttributes> Markers(WorkflowHistory history, string name) =>
        history.Events.Select(e => e.MarkerRecordedEventAttributes).OfType<MarkerRecordedEventAttributes>().Where(marker => marker.MarkerName == name);

    /// <summary>The child workflow types the workflow started, in history order.</summary>
    public static List<string> ChildWorkflows(WorkflowHistory history) =>
        [.. history.Events.Select(e => e.StartChildWorkflowExecutionInitiatedEventAttributes?.WorkflowType.Name).OfType<string>()];

    /// <summary>The id of the one child of <paramref name="workflowType"/> the workflow started (ids made in the workflow, such as a purchase's).</summary>
    public static string ChildWorkflowId(WorkflowHistory history, string workflowType) =>
        Assert.Single(
            history.Events.Select(e => e.StartChildWorkflowExecutionInitiatedEventAttributes).OfType<StartChildWorkflowExecutionInitiatedEventAttributes>(),
            start => start.WorkflowType.Name == workflowType).WorkflowId;

    /// <summary>The test project's source directory, the parent of this file's <c>Infrastructure</c> folder.</summary>
    private static string TestProjectDirectory([CallerFilePath] string source = "") => Path.GetDirectoryName(Path.GetDirectoryName(source))!;
}

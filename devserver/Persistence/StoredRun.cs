namespace HelperPlatform.DevServer.Persistence;

/// <summary>
/// What the durable store writes for one changed run in one transaction: its events not stored yet (as one
/// <c>History</c> message, null when there are none) and its state outside history. Protobuf messages travel as
/// their binary encoding.
/// </summary>
internal sealed record RunChange(
    string RunId,
    string Namespace,
    string WorkflowId,
    string StartRequestId,
    DateTimeOffset? ClosedAt,
    long FirstNewEventId,
    byte[]? NewEvents,
    RunState State);

/// <summary>A run as the store holds it: its history, in the <c>History</c> messages it was written in, and its state outside history.</summary>
internal sealed record StoredRun(string RunId, string Namespace, string StartRequestId, DateTimeOffset? ClosedAt, RunState State, List<byte[]> HistoryChunks);

/// <summary>
/// The state of a run that history does not tell, stored as JSON beside its events: everything else is rebuilt
/// by replaying the events.
/// </summary>
internal sealed record RunState(
    long NextWorkflowTaskSequence,
    List<string> SeenRequestIds,
    List<StoredActivity> Activities,
    List<byte[]> AdmittedUpdates,
    List<byte[]> HeldEvents);

/// <summary>An activity's current attempt, which retries keep out of history.</summary>
internal sealed record StoredActivity(
    long ScheduledEventId,
    int Attempt,
    DateTimeOffset CurrentAttemptScheduledTime,
    DateTimeOffset? LastAttemptCompleteTime,
    DateTimeOffset? StartedTime,
    string StartedIdentity,
    bool IsBackingOff,
    byte[]? LastFailure,
    byte[]? HeartbeatDetails,
    DateTimeOffset? LastHeartbeatTime);

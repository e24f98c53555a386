namespace HelperPlatform.DevServer.Executions;

/// <summary>A workflow's StartTimer command, from TimerStarted until it fires or is cancelled.</summary>
internal sealed record UserTimer(string TimerId, long StartedEventId, Time.ScheduledTimer Deadline);

namespace HelperPlatform.Workflows.Execution;

/// <summary>The seed events Execution journals, under the order's stream (<c>OrderingEvents.StreamId</c>).</summary>
public static class ExecutionEvents
{
    public const string CheckedInViaApp = "CheckedInViaApp";
    public const string PhotoReportSent = "PhotoReportSent";
}

namespace HelperPlatform.Activities.Execution.Reports;

/// <summary>The <c>Execution:UnacceptedPhotoReports</c> section: how long a stored report may wait for its order to take it.</summary>
public sealed class UnacceptedPhotoReportSettings
{
    public const string Section = "Execution:UnacceptedPhotoReports";

    /// <summary>
    /// A report stored more recently is left alone: its update may still be on its way to the order, or its client
    /// about to send it again under its <c>reportId</c>. Long past any request's life, so no update can come after.
    /// </summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromHours(1);
}

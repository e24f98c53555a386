namespace HelperPlatform.Activities.Onboarding;

internal static class UtcTimes
{
    /// <summary>Workflow times arrive as UTC <see cref="DateTime"/>s; PostgreSQL's timestamptz wants offset zero.</summary>
    public static DateTimeOffset AsUtcOffset(this DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}

namespace HelperPlatform.Activities.Platform.Persistence;

public static class StoredPrecision
{
    /// <summary>
    /// <paramref name="instant"/> cut to the microseconds PostgreSQL keeps, for an answer that must show an
    /// instant exactly as a later read of the stored row returns it.
    /// </summary>
    public static DateTimeOffset ToStoredPrecision(this DateTimeOffset instant) =>
        instant.AddTicks(-(instant.Ticks % TimeSpan.TicksPerMicrosecond));
}

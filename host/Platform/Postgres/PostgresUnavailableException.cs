namespace HelperPlatform.Host.Platform.Postgres;

/// <summary>PostgreSQL cannot be provided here; the message says what to install or configure.</summary>
public sealed class PostgresUnavailableException : Exception
{
    public PostgresUnavailableException()
    {
    }

    public PostgresUnavailableException(string message)
        : base(message)
    {
    }

    public PostgresUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

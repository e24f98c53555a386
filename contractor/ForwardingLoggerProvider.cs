namespace HelperPlatform.Contractor;

/// <summary>Hands the simulator's loggers from the caller's factory (the host's, when embedded); the caller owns the factory.</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory loggerFactory) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => loggerFactory.CreateLogger(categoryName);

    public void Dispose()
    {
        // Not ours to dispose.
    }
}

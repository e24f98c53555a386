using Microsoft.Extensions.Logging;

namespace HelperPlatform.DevServer.Tests.Conformance;

/// <summary>Set DEVSERVER_LOG=Debug (or another level) to see the dev server's log while the scenarios run.</summary>
internal static class DevServerLogging
{
    public static ILoggerFactory? FromEnvironment() =>
        Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("DEVSERVER_LOG"), out var level)
            ? LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(level))
            : null;
}

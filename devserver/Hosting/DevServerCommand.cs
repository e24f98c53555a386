using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace HelperPlatform.DevServer.Hosting;

/// <summary>
/// The command line: by default runs the server until Ctrl+C or SIGTERM (--port, --bind, --namespace, --time-skipping, --ui-port, --ui-bind,
/// and --database with --schema to keep its runs in PostgreSQL, or --in-memory, the default); "bench" runs the throughput benchmark instead.
/// </summary>
internal static class DevServerCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
        try
        {
            if (args.Length > 0 && args[0] == "bench")
            {
                return await Benchmark.BenchmarkCommand.RunAsync(args[1..]);
            }
            var options = ParseServerOptions(args);
            options.LoggerFactory = loggerFactory;
            await using var server = await TemporalDevServer.StartAsync(options);
            var stopRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void RequestStop(PosixSignalContext signal)
            {
                signal.Cancel = true;
                stopRequested.TrySetResult();
            }
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);
            await stopRequested.Task;
            return 0;
        }
        catch (Persistence.DevServerDatabaseException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 1;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            await Console.Error.WriteLineAsync(
                "Usage: devserver [--port N] [--bind ADDRESS] [--namespace NAME] [--time-skipping] [--ui-port N] [--ui-bind ADDRESS] "
                + "[--in-memory | --database \"CONNECTION STRING\" [--schema NAME]] "
                + "| bench [--workflows N] [--concurrency N] [--address HOST:PORT] [--durable \"CONNECTION STRING\" [--rounds N]]");
            return 2;
        }
    }

    private static DevServerOptions ParseServerOptions(string[] args)
    {
        var options = new DevServerOptions { Port = 7233 };
        var inMemory = false;
        for (var index = 0; index < args.Length; index++)
        {
            switch (args[index])
            {
                case "--port":
                    options.Port = int.Parse(ValueAfter(args, ref index), System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--bind":
                    options.BindAddress = ValueAfter(args, ref index);
                    break;
                case "--namespace":
                    options.Namespace = ValueAfter(args, ref index);
                    break;
                case "--ui-port":
                    options.UiPort = int.Parse(ValueAfter(args, ref index), System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--ui-bind":
                    options.UiBindAddress = ValueAfter(args, ref index);
                    break;
                case "--time-skipping":
                    options.TimeSkipping = true;
                    break;
                case "--database":
                    options.DatabaseConnectionString = ValueAfter(args, ref index);
                    break;
                case "--schema":
                    options.DatabaseSchema = ValueAfter(args, ref index);
                    break;
                case "--in-memory":
                    inMemory = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument {args[index]}.");
            }
        }
        if (inMemory && options.DatabaseConnectionString is not null)
        {
            throw new ArgumentException("--in-memory and --database exclude each other.");
        }
        return options;
    }

    public static string ValueAfter(string[] args, ref int index) =>
        ++index < args.Length ? args[index] : throw new ArgumentException($"{args[index - 1]} needs a value.");
}

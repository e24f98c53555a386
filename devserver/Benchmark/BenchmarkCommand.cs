namespace HelperPlatform.DevServer.Benchmark;

/// <summary>Placeholder until the benchmark lands.</summary>
internal static class BenchmarkCommand
{
    public static Task<int> RunAsync(string[] args) => Task.FromResult(args.Length);
}

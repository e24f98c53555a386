using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Host.Platform;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelperPlatform.Tests.Platform;

public sealed class TemporalConnectionTests
{
    [Fact]
    public async Task Host_WithoutTemporalAddress_StartsTheEmbeddedDevServerAndBecomesReady()
    {
        await using var host = await PlatformHost.StartAsync("Temporal:Address=", "Temporal:WebUi:Port=0");
        using var ops = await host.CreateClientAsync(PlatformRoles.Ops);

        await host.WaitUntilReadyAsync();
        var runtime = await ops.GetFromJsonAsync<RuntimeResponse>("/api/ops/runtime");

        Assert.True(runtime!.Temporal.Embedded);
        Assert.True(runtime.Temporal.Connected);
        Assert.Equal("none", runtime.Temporal.GrpcCompression);
        Assert.NotEqual(host.Temporal.Address, runtime.Temporal.Address);
        Assert.All(runtime.Contexts, context => Assert.True(context.WorkerRunning, context.Name));
    }

    [Fact]
    public async Task Host_WithAConfiguredCluster_CompressesWithGzip_UnlessToldNone_AndRunsWorkflowsEitherWay()
    {
        await using var gzip = await PlatformHost.StartAsync();
        await using var none = await PlatformHost.StartAsync("Temporal:GrpcCompression=none");

        foreach (var (host, expected) in new[] { (gzip, "gzip"), (none, "none") })
        {
            using var ops = await host.CreateClientAsync(PlatformRoles.Ops);
            await host.WaitUntilReadyAsync();
            var runtime = await ops.GetFromJsonAsync<RuntimeResponse>("/api/ops/runtime");
            Assert.Equal((expected, true), (runtime!.Temporal.GrpcCompression, runtime.Temporal.Connected));
            Assert.All(runtime.Contexts, context => Assert.True(context.WorkerRunning, context.Name));
        }
    }

    [Fact]
    public async Task Host_WithAnUnknownCompression_RefusesToStart_NamingTheSetting()
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => PlatformHost.StartAsync("Temporal:GrpcCompression=brotli"));

        Assert.Contains("Temporal:GrpcCompression", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_WatchesForInvalidWorkflowCalls_AsConfigured_OnlyInDevelopmentWhenUnset()
    {
        await using var watching = await PlatformHost.StartAsync();
        await using var notWatching = await PlatformHost.StartAsync("Temporal:DetectInvalidWorkflowCalls=false");

        foreach (var (host, expected) in new[] { (watching, true), (notWatching, false) })
        {
            using var ops = await host.CreateClientAsync(PlatformRoles.Ops);
            var runtime = await ops.GetFromJsonAsync<RuntimeResponse>("/api/ops/runtime");
            Assert.Equal(expected, runtime!.Temporal.DetectsInvalidWorkflowCalls);
            Assert.All(runtime.Contexts, context => Assert.True(context.WorkerRunning, context.Name));
        }

        Assert.Equal(
            [true, false, true, false],
            [
                await ResolvedDetectInvalidWorkflowCallsAsync("Development", set: null),
                await ResolvedDetectInvalidWorkflowCallsAsync("Production", set: null),
                await ResolvedDetectInvalidWorkflowCallsAsync("Production", set: true),
                await ResolvedDetectInvalidWorkflowCallsAsync("Development", set: false),
            ]);
    }

    /// <summary>The setting as a host built (not started) in <paramref name="environment"/> resolves it.</summary>
    private static async Task<bool?> ResolvedDetectInvalidWorkflowCallsAsync(string environment, bool? set)
    {
        string[] args = ["--ConnectionStrings:Platform=Host=unused.invalid", $"--environment={environment}"];
        await using var platform = await PlatformApplication.BuildAsync(set is { } value ? [.. args, $"--Temporal:DetectInvalidWorkflowCalls={value}"] : args);
        return platform.App.Services.GetRequiredService<IOptions<TemporalSettings>>().Value.DetectInvalidWorkflowCalls;
    }

    [Fact]
    public async Task Host_WithAnUnreadableInvalidCallsSetting_RefusesToStart_NamingTheSetting()
    {
        var refused = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => PlatformHost.StartAsync("Temporal:DetectInvalidWorkflowCalls=maybe"));

        Assert.Contains("Temporal:DetectInvalidWorkflowCalls", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_WithUnreachableTemporal_StaysLiveAndReportsNotReady()
    {
        await using var host = await PlatformHost.StartAsync("Temporal:Address=127.0.0.1:1");
        using var client = host.CreateClient();

        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");
        using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var temporal = report.RootElement.GetProperty("checks").GetProperty("temporal");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", temporal.GetProperty("status").GetString());
        Assert.Contains("127.0.0.1:1", temporal.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", report.RootElement.GetProperty("checks").GetProperty("postgresql").GetProperty("status").GetString());
    }
}

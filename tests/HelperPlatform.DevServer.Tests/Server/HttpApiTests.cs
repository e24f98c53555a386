using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelperPlatform.DevServer.Tests.Conformance;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace HelperPlatform.DevServer.Tests.Server;

/// <summary>
/// Temporal's HTTP API on the UI port, as the real server's gateway serves it to the Web UI: its paths, protobuf JSON
/// with the long enum names, query parameters by JSON or proto name, and gRPC errors as grpc-gateway's HTTP statuses
/// with a google.rpc.Status body.
/// </summary>
public sealed class HttpApiTests : IAsyncLifetime, IDisposable
{
    private TemporalDevServer? server;
    private TemporalClient? client;
    private HttpClient? http;

    private TemporalClient Client => client ?? throw new InvalidOperationException("Not initialized.");

    private HttpClient Http => http ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        // No built UI: this is about the API, which is served either way.
        server = await TemporalDevServer.StartAsync(new DevServerOptions { UiPort = 0, UiAssetsDirectory = null });
        client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
        http = new HttpClient { BaseAddress = new Uri(server.WebUiUrl!) };
    }

    public void Dispose() => http?.Dispose();

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Describe_ARunningWorkflow_AnswersProtobufJsonWithTheLongEnumNames()
    {
        var handle = await StartIdleAsync();

        var described = await GetJsonAsync($"/api/v1/namespaces/default/workflows/{handle.Id}");

        var info = described.GetProperty("workflowExecutionInfo");
        Assert.Equal(handle.Id, info.GetProperty("execution").GetProperty("workflowId").GetString());
        Assert.Equal("WORKFLOW_EXECUTION_STATUS_RUNNING", info.GetProperty("status").GetString());
        Assert.Equal(nameof(WaitForeverWorkflow), info.GetProperty("type").GetProperty("name").GetString());
    }

    [Fact]
    public async Task ListAndCount_WithAQuery_FindTheWorkflow_AndCountItsStatus()
    {
        var handle = await StartIdleAsync();
        var query = Uri.EscapeDataString($"WorkflowId = '{handle.Id}'");

        var listed = await GetJsonAsync($"/api/v1/namespaces/default/workflows?query={query}&pageSize=10");
        var counted = await GetJsonAsync($"/api/v1/namespaces/default/workflow-count?query={query}{Uri.EscapeDataString(" GROUP BY ExecutionStatus")}");

        var execution = Assert.Single(listed.GetProperty("executions").EnumerateArray());
        Assert.Equal(handle.Id, execution.GetProperty("execution").GetProperty("workflowId").GetString());
        // int64 is a string in protobuf JSON.
        Assert.Equal("1", counted.GetProperty("count").GetString());
        var group = Assert.Single(counted.GetProperty("groups").EnumerateArray());
        Assert.Equal("1", group.GetProperty("count").GetString());
    }

    [Fact]
    public async Task HistoryReverse_FollowUpPageBySnakeCaseParameters_ReturnsTheOlderEvents()
    {
        var handle = await StartIdleAsync();
        await handle.TerminateAsync("two events: started and terminated");
        var path = $"/api/v1/namespaces/default/workflows/{handle.Id}/history-reverse";

        var newest = await GetJsonAsync($"{path}?maximumPageSize=1");
        var token = Uri.EscapeDataString(newest.GetProperty("nextPageToken").GetString()!);
        var older = await GetJsonAsync($"{path}?maximum_page_size=1&next_page_token={token}");

        var last = Assert.Single(newest.GetProperty("history").GetProperty("events").EnumerateArray());
        Assert.Equal(("2", "EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED"), (last.GetProperty("eventId").GetString(), last.GetProperty("eventType").GetString()));
        var first = Assert.Single(older.GetProperty("history").GetProperty("events").EnumerateArray());
        Assert.Equal(("1", "EVENT_TYPE_WORKFLOW_EXECUTION_STARTED"), (first.GetProperty("eventId").GetString(), first.GetProperty("eventType").GetString()));
    }

    [Fact]
    public async Task Terminate_ByPost_TerminatesTheWorkflow_AsTheSdkSees()
    {
        var handle = await StartIdleAsync();

        using var answer = await Http.PostAsJsonAsync(
            $"/api/v1/namespaces/default/workflows/{handle.Id}/terminate", new { reason = "ended over HTTP" });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var described = await handle.DescribeAsync();
        Assert.Equal(WorkflowExecutionStatus.Terminated, described.Status);
    }

    [Theory]
    [InlineData("/api/v1/namespaces/default/workflows/no-such-workflow", HttpStatusCode.NotFound, 5)]
    [InlineData("/api/v1/namespaces/default/workflows?query=WorkflowId%20%3D%3D%3D", HttpStatusCode.BadRequest, 3)]
    [InlineData("/api/v1/namespaces/default/schedules", HttpStatusCode.NotImplemented, 12)]
    public async Task AnRpcError_IsGrpcGatewaysHttpStatus_WithTheGrpcStatusAsBody(string path, HttpStatusCode status, int grpcCode)
    {
        using var answer = await Http.GetAsync(path);
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(status, answer.StatusCode);
        Assert.Equal(grpcCode, body.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task MalformedJsonBody_IsBadRequest_WithInvalidArgument()
    {
        var handle = await StartIdleAsync();

        using var answer = await Http.PostAsync(
            $"/api/v1/namespaces/default/workflows/{handle.Id}/terminate", new StringContent("{\"reason\": ", System.Text.Encoding.UTF8, "application/json"));
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((HttpStatusCode.BadRequest, 3), (answer.StatusCode, body.GetProperty("code").GetInt32()));
        Assert.Equal(WorkflowExecutionStatus.Running, (await handle.DescribeAsync()).Status);
    }

    [Fact]
    public async Task Settings_NameTheDefaultNamespace_AndDisableWhatTheDevServerLacks()
    {
        var settings = await GetJsonAsync("/api/v1/settings");

        Assert.Equal("default", settings.GetProperty("DefaultNamespace").GetString());
        Assert.False(settings.GetProperty("WorkflowTerminateDisabled").GetBoolean());
        Assert.True(settings.GetProperty("WorkflowResetDisabled").GetBoolean());
    }

    [Fact]
    public async Task WithoutABuiltUi_APageSaysSo_AndAnUnknownApiPathIsJson404()
    {
        using var page = await Http.GetAsync("/namespaces/default/workflows");
        using var unknown = await Http.GetAsync("/api/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("not built", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.NotFound, "application/json"), (unknown.StatusCode, unknown.Content.Headers.ContentType?.MediaType));
    }

    private async Task<WorkflowHandle> StartIdleAsync() =>
        // Nobody polls the queue: the workflow stays running.
        await Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new($"wf-{Guid.NewGuid()}", $"tq-{Guid.NewGuid()}"));

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var answer = await Http.GetAsync(path);
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)answer.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}

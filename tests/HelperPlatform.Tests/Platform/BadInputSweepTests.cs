using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;
using Microsoft.AspNetCore.Routing;
using Xunit.Abstractions;

namespace HelperPlatform.Tests.Platform;

/// <summary>
/// Every operation of the OpenAPI document, sent malformed in every way <see cref="BadInputCases"/> knows, by a
/// caller its role admits: no answer is a 5xx, every refusal is a ProblemDetails, a 400 names the field the
/// variant broke, and well-formed requests sent in between keep succeeding. All findings are reported together.
/// </summary>
public sealed class BadInputSweepTests(PlatformHostFixture fixture, ITestOutputHelper output) : IClassFixture<PlatformHostFixture>
{
    private const int CasesBetweenWellFormedRequests = 25;
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<string> findings = new();
    private readonly ConcurrentDictionary<string, Task<HttpClient>> clients = new(StringComparer.Ordinal);
    private int serial;
    private int cases;

    [Fact]
    public async Task EveryOperation_MalformedInEveryWay_AnswersWithoutA5xx_AndNamesTheField()
    {
        var host = fixture.Host;
        await host.WaitUntilReadyAsync();
        var sweep = new BadInputCases(await CreateWorldAsync());
        using var anonymous = host.CreateClient();
        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json"));
        var operations = sweep.ReadOperations(document);
        var roles = await RolesAsync();
        var started = Stopwatch.StartNew();
        await Parallel.ForEachAsync(operations, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (operation, _) =>
        {
            var role = roles.TryGetValue(Key(operation.Method, operation.Path), out var allowed)
                ? allowed
                : throw new InvalidOperationException($"The OpenAPI document lists {operation}, which the host does not map.");
            await SweepAsync(sweep, operation, role);
        });
        await WellFormedRequestsSucceedAsync("after the sweep");

        output.WriteLine($"{cases} malformed requests over {operations.Count} operations in {started.Elapsed.TotalSeconds:0.0} s; {findings.Count} findings.");
        Assert.True(cases >= 500, $"Only {cases} malformed requests were sent.");
        Assert.True(findings.IsEmpty, $"{findings.Count} findings in {cases} malformed requests:\n{string.Join('\n', findings)}");
    }

    /// <summary>
    /// An order of the sweep's client with a pool worker for it, and a draft of each definition kind: requests
    /// about them get past the lookups. The order's client and the worker are the sweep's callers of those roles.
    /// </summary>
    private async Task<SweepWorld> CreateWorldAsync()
    {
        var flow = new OrderFlow(fixture.Host);
        var (client, order, sku) = await flow.OrderAsync();
        var worker = await flow.JoinPoolAsync(sku);
        clients[PlatformRoles.Client] = Task.FromResult(client.Http);
        clients[PlatformRoles.Worker] = Task.FromResult(worker.Http);
        const string definitionCode = "sweep-existing";
        var manager = await ClientAsync(PlatformRoles.Manager);
        foreach (var kind in new[] { "test-sets", "service-types" })
        {
            using var created = await manager.PostAsJsonAsync($"/api/{kind}", new { code = definitionCode, name = "Sweep" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        return new SweepWorld(definitionCode, order.ServiceType, order.Id, order.QuoteId, worker.Id);
    }

    private async Task SweepAsync(BadInputCases sweep, ApiOperation operation, string? role)
    {
        var client = await ClientAsync(role);
        var baseline = await SendAsync(client, sweep.Baseline(operation, NextSerial));
        var baselineErrors = baseline is { Status: HttpStatusCode.BadRequest } ? ErrorFields(baseline.Body) : [];
        var sent = 0;
        foreach (var input in sweep.For(operation, NextSerial))
        {
            var answer = await SendAsync(client, input);
            Interlocked.Increment(ref cases);
            if (answer is not null)
            {
                Judge(input, answer, baselineErrors);
            }

            if (++sent % CasesBetweenWellFormedRequests == 0)
            {
                await WellFormedRequestsSucceedAsync($"after {input}");
            }
        }
    }

    /// <summary>A finding is a 5xx, a refusal that is no ProblemDetails, or a 400 that does not name the field the variant broke.</summary>
    private void Judge(BadInput input, Answer answer, IReadOnlySet<string> baselineErrors)
    {
        var status = (int)answer.Status;
        if (status >= 500)
        {
            findings.Enqueue($"{status} ← {input}: {Shorten(answer.Body)}");
            return;
        }

        // Kestrel refuses a request line or headers it cannot take (an encoded NUL in the path, a URL over 8 KiB)
        // before the application sees the request, with an empty body; the application's own refusals always have one.
        if (status < 400 || (answer.Body.Length == 0 && answer.Status is HttpStatusCode.BadRequest or HttpStatusCode.RequestUriTooLong or HttpStatusCode.RequestHeaderFieldsTooLarge))
        {
            return;
        }

        if (answer.ContentType != "application/problem+json")
        {
            findings.Enqueue($"{status} without a ProblemDetails ({answer.ContentType ?? "no content type"}) ← {input}: {Shorten(answer.Body)}");
            return;
        }

        if (answer.Status == HttpStatusCode.BadRequest && input.Field is { } field)
        {
            var named = ErrorFields(answer.Body);
            var namesTheField = named.Any(name => Covers(name, field) || Covers(field, name));
            // A variant the endpoint accepts as valid leaves only the baseline's own problems.
            var acceptedAsValid = named.Count > 0 && named.IsSubsetOf(baselineErrors);
            if (!namesTheField && !acceptedAsValid)
            {
                findings.Enqueue($"400 not naming '{field}' (names {string.Join(", ", named)}) ← {input}: {Shorten(answer.Body)}");
            }
        }
    }

    /// <summary>A sign-in and reads of several contexts' tables, on the same host and pool as the malformed requests.</summary>
    private async Task WellFormedRequestsSucceedAsync(string when)
    {
        var manager = await ClientAsync(PlatformRoles.Manager);
        using var anonymous = fixture.Host.CreateClient();
        using var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { email = $"{PlatformRoles.Manager}@staff.test", password = PlatformHost.StaffPassword });
        using var orders = await manager.GetAsync("/api/orders");
        using var applications = await manager.GetAsync("/api/applications");
        using var testSets = await manager.GetAsync("/api/test-sets");
        foreach (var response in new[] { login, orders, applications, testSets })
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                findings.Enqueue($"well-formed {response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.PathAndQuery} answered {(int)response.StatusCode} {when}: {Shorten(await response.Content.ReadAsStringAsync())}");
            }
        }
    }

    private async Task<Answer?> SendAsync(HttpClient client, BadInput input)
    {
        using var timeout = new CancellationTokenSource(AnswerTimeout);
        try
        {
            using var request = input.ToRequest();
            using var response = await client.SendAsync(request, timeout.Token);
            return new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(timeout.Token));
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            findings.Enqueue($"no answer ({e.GetType().Name}: {e.Message}) ← {input}");
            return null;
        }
    }

    /// <param name="role">Null for a caller without a token.</param>
    private Task<HttpClient> ClientAsync(string? role) =>
        clients.GetOrAdd(role ?? string.Empty, _ => role is null ? Task.FromResult(fixture.Host.CreateClient()) : fixture.Host.CreateClientAsync(role));

    /// <summary>Method and path of every API endpoint, with a role it admits (null: anyone).</summary>
    private async Task<Dictionary<string, string?>> RolesAsync()
    {
        var roles = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var endpoint in EndpointRoles.ApiEndpoints(fixture.Host.Services))
        {
            var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods[0];
            roles[Key(method, EndpointRoles.OpenApiPath(endpoint.RoutePattern))] = EndpointRoles.IsAnonymous(endpoint)
                ? null
                : (await EndpointRoles.AllowedRolesAsync(fixture.Host.Services, endpoint))![0];
        }

        return roles;
    }

    private static string Key(string method, string path) => $"{method} {path.TrimEnd('/')}";

    private int NextSerial() => Interlocked.Increment(ref serial);

    private static HashSet<string> ErrorFields(string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
                ? errors.EnumerateObject().Select(error => error.Name).ToHashSet(StringComparer.Ordinal)
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>Whether <paramref name="outer"/> is <paramref name="inner"/> or one of its containers (<c>answers</c> covers <c>answers[0].questionId</c>).</summary>
    private static bool Covers(string outer, string inner) =>
        inner == outer || inner.StartsWith(outer + ".", StringComparison.Ordinal) || inner.StartsWith(outer + "[", StringComparison.Ordinal);

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private sealed record Answer(HttpStatusCode Status, string? ContentType, string Body);
}

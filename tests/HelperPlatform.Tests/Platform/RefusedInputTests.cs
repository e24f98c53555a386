using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;

namespace HelperPlatform.Tests.Platform;

/// <summary>
/// Input the platform cannot store or mean is refused before any endpoint works with it, with a 400 naming
/// the field: control characters in text, enum values without a name, ids that are no ids, unreadable uploads.
/// </summary>
public sealed class RefusedInputTests(OrderFlowFixture fixture) : IClassFixture<OrderFlowFixture>
{
    private readonly OrderFlow flow = new(fixture.Host);

    [Theory]
    [InlineData(PlatformRoles.Manager, "/api/orders?clientId=a%00b", "clientId")]
    [InlineData(PlatformRoles.Manager, "/api/orders?workerId=%01", "workerId")]
    [InlineData(PlatformRoles.Manager, "/api/workers?city=Ber%0Alin", "city")]
    [InlineData(PlatformRoles.Ops, "/api/ops/notifications?recipient=a%00b%40example.test", "recipient")]
    [InlineData(PlatformRoles.Manager, "/api/test-sets/cookie%1Bbasics/draft", "code")]
    public async Task RouteOrQueryText_WithAControlCharacter_Answers400NamingIt(string role, string path, string field)
    {
        using var client = await fixture.Host.CreateClientAsync(role);

        using var response = await client.GetAsync(path);

        await AssertRefusedAsync(response, field, "must not contain control characters");
    }

    [Theory]
    [InlineData(null, "/api/auth/login", """{"email":"ann\u0000@example.test","password":"secret"}""", "email")]
    [InlineData(PlatformRoles.Candidate, "/api/applications/0193a0c4-0000-7000-8000-000000000001/attempts",
        """{"skill":"cookie-delivery","stepId":"quiz","answers":[{"questionId":"q1","choiceIds":["a","b\u0000"]}]}""", "answers[0].choiceIds[1]")]
    [InlineData(PlatformRoles.Manager, "/api/test-sets",
        """{"code":"nul-in-tree","name":"Basics","definition":{"properties":{},"sequence":[{"id":"quiz","name":"Quiz\u0000"}]}}""", "definition.sequence[0].name")]
    [InlineData(PlatformRoles.Manager, "/api/service-types",
        """{"code":"control-in-name","name":"Cookies","definition":{"properties":{"price\u0007":1},"sequence":[]}}""", "definition.properties")]
    [InlineData(PlatformRoles.Manager, "/api/service-types",
        """{"code":"lone-surrogate","name":"Cookies","definition":{"properties":{"description":"half \ud800 a pair"},"sequence":[]}}""", "definition.properties.description")]
    [InlineData(PlatformRoles.Client, "/api/quotes",
        """{"serviceType":"office-cookies","address":"Friedrichstra\u00dfe\u0000 43","city":"Berlin","latitude":52.5,"longitude":13.4,"windowStart":"2030-01-02T10:00:00Z","windowEnd":"2030-01-02T12:00:00Z"}""", "address")]
    public async Task BodyText_WithAControlCharacter_Answers400NamingTheField_AtAnyDepth(string? role, string path, string body, string field)
    {
        using var client = role is null ? fixture.Host.CreateClient() : await fixture.Host.CreateClientAsync(role);

        using var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertRefusedAsync(response, field, field.StartsWith("definition", StringComparison.Ordinal) ? null : "must not contain control characters");
    }

    [Fact]
    public async Task SingleLineText_RefusesTabsAndLineBreaks_MultiLineTextTakesThem()
    {
        using var anonymous = fixture.Host.CreateClient();
        var (client, order, _) = await flow.OrderAsync();

        using var register = await anonymous.PostAsJsonAsync("/api/auth/register", new { email = "tabbed@example.test", password = "Tabbed-password-1!", displayName = "Ann\tLee" });
        using var cancel = await client.Http.PostAsJsonAsync($"/api/orders/{order.Id}/cancel", new { reason = "Plans changed.\r\nSorry!\tAnn" });

        await AssertRefusedAsync(register, "displayName", "(tabs and line breaks included); character 4 is U+0009.");
        Assert.True(cancel.StatusCode == HttpStatusCode.OK, await cancel.Content.ReadAsStringAsync());
        client.Dispose();
    }

    [Fact]
    public async Task EnumQueryValue_AsANumberWithoutAName_Answers400ListingTheNames()
    {
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);

        using var response = await manager.GetAsync("/api/quality-reviews?status=42");

        await AssertRefusedAsync(response, "status", "'42' is not a valid value of 'status'; use one of: Pending, Passed, Failed.");
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-00000000000g")]
    public async Task Assignment_WithAWorkerIdThatIsNoAccountId_Answers400NamingIt(string workerId)
    {
        var (client, order, _) = await flow.OrderAsync();
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);

        using var response = await manager.PostAsJsonAsync($"/api/orders/{order.Id}/assignment", new { workerId });

        await AssertRefusedAsync(response, "workerId", "'workerId' must be the account id of a worker.");
        client.Dispose();
    }

    [Fact]
    public async Task Photos_OfAnUnknownOrder_Answer404_OfAnOrderWithoutAReport_AnEmptyList()
    {
        var (client, order, _) = await flow.OrderAsync();
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);

        using var unknown = await manager.GetAsync($"/api/orders/{Guid.NewGuid()}/photos");
        var none = await manager.GetFromJsonAsync<List<JsonElement>>($"/api/orders/{order.Id}/photos");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Empty(none!);
        client.Dispose();
    }

    public static TheoryData<string, string, string> MalformedUploads()
    {
        const string boundary = "upload-boundary";
        var part = $"--{boundary}\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\npng\r\n";
        var longBoundary = new string('b', 129);
        return new()
        {
            { "multipart/form-data", part + $"--{boundary}--\r\n", "Missing content-type boundary" },
            { $"multipart/form-data; boundary={longBoundary}", part.Replace(boundary, longBoundary, StringComparison.Ordinal) + $"--{longBoundary}--\r\n", "boundary length limit 128" },
            { $"multipart/form-data; boundary={boundary}", part[..^4], "ends before its closing boundary" },
            { $"multipart/form-data; boundary={boundary}", part.Replace("a.png", new string('a', 20_000), StringComparison.Ordinal) + $"--{boundary}--\r\n", "headers length limit 16384" },
            { $"multipart/form-data; boundary={boundary}", $"--{boundary}\r\nno header line\r\n\r\npng\r\n--{boundary}--\r\n", "Invalid header line" },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedUploads))]
    public async Task PhotoReport_WithAMalformedMultipartBody_Answers400NamingPhotos(string contentType, string body, string reason)
    {
        using var worker = await fixture.Host.CreateClientAsync(PlatformRoles.Worker);
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await worker.PostAsync($"/api/orders/{Guid.NewGuid()}/photo-report", content);

        await AssertRefusedAsync(response, "photos", reason);
    }

    /// <param name="message">A part of the field's message, when the test cares about its words.</param>
    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field, string? message)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out var messages), body);
        if (message is not null)
        {
            Assert.Contains(messages.EnumerateArray(), error => error.GetString()!.Contains(message, StringComparison.Ordinal));
        }
    }
}

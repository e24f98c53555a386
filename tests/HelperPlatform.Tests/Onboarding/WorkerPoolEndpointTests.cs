using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Onboarding.WorkerPool;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Host.Onboarding;
using HelperPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Onboarding;

/// <summary>A worker's own pool entry and availability, and the staff's list of the pool.</summary>
public sealed class WorkerPoolEndpointTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    public static TheoryData<string, string> BadAvailabilities() => new()
    {
        { "active", """{ "latitude": 52.5, "longitude": 13.4 }""" },
        { "active", """{ "active": null }""" },
        { "active", """{ "active": "yes" }""" },
        { "latitude", """{ "active": true, "latitude": 90.5, "longitude": 13.4 }""" },
        { "latitude", """{ "active": true, "latitude": -91, "longitude": 13.4 }""" },
        { "latitude", """{ "active": true, "longitude": 13.4 }""" },
        { "longitude", """{ "active": true, "latitude": 52.5, "longitude": 180.01 }""" },
        { "longitude", """{ "active": true, "latitude": 52.5, "longitude": -181 }""" },
        { "longitude", """{ "active": true, "latitude": 52.5 }""" },
        { "longitude", """{ "active": true, "latitude": 52.5, "longitude": "east" }""" },
    };

    [Fact]
    public async Task Me_OfAPoolWorker_ShowsTheirEntry_AndAvailabilityChangesIt()
    {
        var city = UniqueCity();
        var (worker, id) = await JoinPoolAsync(city, ["cookies", "cleaning"], latitude: null, longitude: null, rating: 4.5m);

        var before = await worker.GetFromJsonAsync<PoolWorkerResponse>("/api/workers/me");
        using var offDuty = await worker.PutAsJsonAsync("/api/workers/me/availability", new { active = false, latitude = 52.52, longitude = 13.405 });
        var afterOffDuty = await offDuty.Content.ReadFromJsonAsync<PoolWorkerResponse>();
        using var onDuty = await worker.PutAsJsonAsync("/api/workers/me/availability", new { active = true });
        var afterOnDuty = await onDuty.Content.ReadFromJsonAsync<PoolWorkerResponse>();
        var stored = await QueryAsync(db => db.WorkerPool.AsNoTracking().SingleAsync(member => member.AccountId == id));

        Assert.Equal((id, city, true, 4.5m), (before!.AccountId, before.City, before.Active, before.Rating));
        Assert.Null(before.Latitude ?? before.Longitude);
        Assert.Null(before.PositionReportedAt);
        Assert.Equal(["cookies", "cleaning"], before.Skills);
        Assert.Equal(HttpStatusCode.OK, offDuty.StatusCode);
        Assert.Equal((false, 52.52, 13.405), (afterOffDuty!.Active, afterOffDuty.Latitude, afterOffDuty.Longitude));
        Assert.InRange(afterOffDuty.PositionReportedAt!.Value, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.OK, onDuty.StatusCode);
        Assert.Equal((true, 52.52, 13.405, afterOffDuty.PositionReportedAt), (afterOnDuty!.Active, afterOnDuty.Latitude, afterOnDuty.Longitude, afterOnDuty.PositionReportedAt));
        Assert.Equal((true, 52.52, 13.405, 4.5m), (stored.Active, stored.Latitude, stored.Longitude, stored.Rating));
        worker.Dispose();
    }

    [Fact]
    public async Task Me_OfAWorkerNotInThePool_Answers404SayingSo()
    {
        using var worker = await fixture.Host.CreateClientAsync(PlatformRoles.Worker);

        using var read = await worker.GetAsync("/api/workers/me");
        using var write = await worker.PutAsJsonAsync("/api/workers/me/availability", new { active = true, latitude = 52.5, longitude = 13.4 });

        foreach (var response in new[] { read, write })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var problem = await ProblemAsync(response);
            Assert.Contains("not in the worker pool", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(BadAvailabilities))]
    public async Task Availability_WithABadField_Answers400NamingIt_AndChangesNothing(string field, string body)
    {
        var (worker, id) = await JoinPoolAsync(UniqueCity(), ["cookies"], latitude: 48.1, longitude: 11.6, rating: null);

        using var response = await worker.PutAsync("/api/workers/me/availability", new StringContent(body, Encoding.UTF8, "application/json"));
        var stored = await QueryAsync(db => db.WorkerPool.AsNoTracking().SingleAsync(member => member.AccountId == id));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ProblemAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"'{field}' is not named in {errors}");
        Assert.Equal((true, 48.1, 11.6), (stored.Active, stored.Latitude, stored.Longitude));
        Assert.Null(stored.PositionReportedAt);
        worker.Dispose();
    }

    [Fact]
    public async Task Availability_WithSeveralBadFields_NamesEachOfThem()
    {
        var (worker, _) = await JoinPoolAsync(UniqueCity(), ["cookies"], latitude: null, longitude: null, rating: null);

        using var response = await worker.PutAsJsonAsync("/api/workers/me/availability", new { latitude = 100, longitude = 200 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            ["active", "latitude", "longitude"],
            (await ProblemAsync(response)).GetProperty("errors").EnumerateObject().Select(property => property.Name).Order());
        worker.Dispose();
    }

    [Fact]
    public async Task List_FiltersByCityRegardlessOfCase_BySkillAndByActive()
    {
        var city = UniqueCity();
        var (cook, cookId) = await JoinPoolAsync(city, ["cookies"], latitude: null, longitude: null, rating: null);
        var (cleaner, cleanerId) = await JoinPoolAsync(city, ["cleaning"], latitude: null, longitude: null, rating: null);
        var (resting, restingId) = await JoinPoolAsync(city, ["cookies", "cleaning"], latitude: null, longitude: null, rating: null);
        var (elsewhere, _) = await JoinPoolAsync(UniqueCity(), ["cookies"], latitude: null, longitude: null, rating: null);
        using (var off = await resting.PutAsJsonAsync("/api/workers/me/availability", new { active = false }))
        {
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        }

        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        using var ops = await fixture.Host.CreateClientAsync(PlatformRoles.Ops);
        var inCity = await manager.GetFromJsonAsync<List<PoolWorkerResponse>>($"/api/workers?city={Uri.EscapeDataString(city.ToUpperInvariant())}");
        var cooks = await manager.GetFromJsonAsync<List<PoolWorkerResponse>>($"/api/workers?city={Uri.EscapeDataString(city)}&skill=cookies");
        var activeCooks = await ops.GetFromJsonAsync<List<PoolWorkerResponse>>($"/api/workers?city={Uri.EscapeDataString(city)}&skill=cookies&active=true");
        var resters = await ops.GetFromJsonAsync<List<PoolWorkerResponse>>($"/api/workers?city={Uri.EscapeDataString(city)}&active=false&limit=1");

        Assert.Equal(new[] { cookId, cleanerId, restingId }.Order(), inCity!.Select(worker => worker.AccountId).Order());
        Assert.Equal(new[] { cookId, restingId }.Order(), cooks!.Select(worker => worker.AccountId).Order());
        Assert.Equal([cookId], activeCooks!.Select(worker => worker.AccountId));
        Assert.Equal([restingId], resters!.Select(worker => worker.AccountId));
        foreach (var client in new[] { cook, cleaner, resting, elsewhere })
        {
            client.Dispose();
        }
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("city=%20", "city")]
    [InlineData("skill=", "skill")]
    [InlineData("skill=Cookie%20Delivery", "skill")]
    [InlineData("active=maybe", "active")]
    [InlineData("limit=many", "limit")]
    public async Task List_WithABadFilter_Answers400NamingIt(string query, string field)
    {
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);

        using var response = await manager.GetAsync($"/api/workers?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    private static string UniqueCity() => $"Testville {Guid.NewGuid():N}";

    /// <summary>A worker account with a pool row, as onboarding leaves it.</summary>
    private async Task<(HttpClient Worker, Guid Id)> JoinPoolAsync(string city, string[] skills, double? latitude, double? longitude, decimal? rating)
    {
        var worker = await fixture.Host.CreateClientAsync(PlatformRoles.Worker);
        var me = await worker.GetFromJsonAsync<JsonObject>("/api/auth/me");
        var id = Guid.Parse(me!["id"]!.GetValue<string>());
        await QueryAsync(db =>
        {
            db.WorkerPool.Add(new WorkerPoolMember
            {
                AccountId = id,
                ApplicationId = Guid.NewGuid(),
                DisplayName = "Test Worker",
                City = city,
                Skills = [.. skills],
                AddedAt = DateTimeOffset.UtcNow,
                Latitude = latitude,
                Longitude = longitude,
                Rating = rating,
            });
            return db.SaveChangesAsync();
        });
        return (worker, id);
    }

    private async Task<T> QueryAsync<T>(Func<OnboardingDbContext, Task<T>> query)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<OnboardingDbContext>());
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}

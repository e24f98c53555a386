using System.Text.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Activities.Management.ServiceTypes;
using HelperPlatform.Activities.Management.TestSets;
using HelperPlatform.Activities.Onboarding.WorkerPool;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Management;
using HelperPlatform.Host.Onboarding;
using HelperPlatform.Host.Platform;
using HelperPlatform.Host.Warehouse;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Platform;

namespace HelperPlatform.Host.Demo;

/// <summary>
/// A living platform to start a walkthrough from (<c>--demo</c>): the documented test set and service type
/// (docs/examples) published, stock for the service type's kit, a worker in the pool of the example's city who
/// takes offers, and a client, through the host's own services. Seeding again adds nothing: what is there stays.
/// </summary>
public sealed class DemoSeeder(
    DefinitionStore definitions,
    TestSetKind testSets,
    ServiceTypeKind serviceTypes,
    DefinitionPublications publications,
    DevelopmentAccountsSeeder accounts,
    DevelopmentPasswordFile passwordFile,
    SignInSheet signInSheet,
    WorkerPoolSeeding pool,
    StockSeeding stock,
    TimeProvider time)
{
    public static readonly string TestSetCode = DefinitionExamples.CookieDeliveryBasics.Code;
    public static readonly string ServiceTypeCode = DefinitionExamples.OfficeCookies.Code;
    public const string WorkerEmail = "demo-worker@helperplatform.local";
    public const string ClientEmail = "demo-client@helperplatform.local";

    /// <summary>The example's address, Friedrichstraße 43 in Berlin, where the demo worker waits.</summary>
    public const string City = "Berlin";
    public const double Latitude = 52.5067;
    public const double Longitude = 13.3903;

    /// <summary>Kits for this many orders.</summary>
    public const int StockedOrders = 20;

    private const string Actor = "demo";

    /// <summary>The contexts whose data the demo seeds; a process that runs them all can seed it.</summary>
    public static IReadOnlyList<BoundedContext> Contexts { get; } =
        [BoundedContext.Management, BoundedContext.Onboarding, BoundedContext.Ordering, BoundedContext.Warehouse];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var testSet = DefinitionExamples.TestSet();
        var serviceType = DefinitionExamples.ServiceType();
        var skill = serviceType[DefinitionTreeKeys.Properties]![ServiceTypeProperties.Skill]!.GetValue<string>();
        var supply = serviceType[DefinitionTreeKeys.Properties]![ServiceTypeProperties.Supplies]!.AsArray().Single()!;
        await PublishOnceAsync(testSets, TestSetCode, DefinitionExamples.CookieDeliveryBasics.Name, testSet, cancellationToken);
        await PublishOnceAsync(serviceTypes, ServiceTypeCode, DefinitionExamples.OfficeCookies.Name, serviceType, cancellationToken);
        await stock.StockNewAsync(
            supply[SupplyProperties.Sku]!.GetValue<string>(), StockedOrders * supply[SupplyProperties.Quantity]!.GetValue<int>(), cancellationToken);

        var worker = await SignInAsync(PlatformRoles.Worker, WorkerEmail, "Demo worker", $"in the {City} pool with the skill {skill}, takes offers", cancellationToken);
        var now = time.GetUtcNow();
        await pool.AddMissingAsync(
        [
            new WorkerPoolMember
            {
                AccountId = worker.Id,
                ApplicationId = Guid.CreateVersion7(now),
                DisplayName = worker.DisplayName,
                City = City,
                Skills = [skill],
                AddedAt = now,
                Active = true,
                Latitude = Latitude,
                Longitude = Longitude,
                PositionReportedAt = now,
            },
        ], cancellationToken);
        await SignInAsync(PlatformRoles.Client, ClientEmail, "Demo client", $"orders {ServiceTypeCode}", cancellationToken);
    }

    private async Task PublishOnceAsync(IDefinitionKind kind, string code, string name, JsonObject tree, CancellationToken cancellationToken)
    {
        if (await definitions.GetLatestVersionAsync(kind, code, cancellationToken) is not null)
        {
            return;
        }

        using var document = JsonDocument.Parse(tree.ToJsonString());
        var draft = await definitions.GetDraftAsync(kind, code, cancellationToken)
            ?? Expect(await definitions.CreateDraftAsync(kind, code, name, document.RootElement, Actor, cancellationToken), $"create the {kind.DisplayName} {code}");
        Expect(await definitions.PublishAsync(kind, code, draft.Draft.Revision, Actor, cancellationToken), $"publish the {kind.DisplayName} {code}");
        publications.Announce(kind.Kind, code);
    }

    private async Task<PlatformUser> SignInAsync(string role, string email, string displayName, string note, CancellationToken cancellationToken)
    {
        var password = await passwordFile.PasswordForAsync(email, cancellationToken);
        var user = await accounts.EnsureAccountAsync(email, displayName, role, password);
        signInSheet.PasswordFile = passwordFile.Path;
        signInSheet.Add(role, email, password, $"(demo: {note})");
        return user;
    }

    private static T Expect<T>(DefinitionResult<T> result, string action)
        where T : class =>
        result.Value ?? throw new InvalidOperationException(
            $"The demo could not {action} ({result.Outcome}): {string.Join(" ", result.Problems.Select(problem => $"{problem.Path}: {problem.Message}"))}");
}

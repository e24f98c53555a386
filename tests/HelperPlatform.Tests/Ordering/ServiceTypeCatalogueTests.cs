using HelperPlatform.Host.Ordering;
using HelperPlatform.Host.Platform;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Ordering;
using Microsoft.Extensions.Options;

namespace HelperPlatform.Tests.Ordering;

/// <summary>
/// When the catalogue asks Management which version of a service type is the latest. Management's side is scripted
/// here (each lookup waits until the test answers it); the real lookup runs in every quote and order test.
/// </summary>
public sealed class ServiceTypeCatalogueTests
{
    private const string Code = "cookies";
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);

    private readonly ScriptedLookups management = new();
    private readonly SettableClock clock = new();
    private readonly DefinitionPublications publications = new();
    private readonly ServiceTypeCatalogue catalogue;

    public ServiceTypeCatalogueTests() =>
        catalogue = new ServiceTypeCatalogue(management, clock, Options.Create(new QuoteSettings { LatestVersionRefresh = Refresh }), publications);

    [Fact]
    public async Task Latest_WhileFresh_AsksManagementOnce_ForEveryoneWhoAsked()
    {
        var first = catalogue.LatestAsync(Code, CancellationToken.None);
        var second = catalogue.LatestAsync(Code, CancellationToken.None);
        management.Answer(Version(1));
        clock.Advance(Refresh - TimeSpan.FromSeconds(1));

        var later = await catalogue.LatestAsync(Code, CancellationToken.None);

        Assert.Equal((1, 1, 1), ((await first)!.Version, (await second)!.Version, later!.Version));
        Assert.Equal(1, management.Asked);
    }

    [Fact]
    public async Task Latest_WhenStale_AnswersTheLastVersionAtOnce_WhileOneLookupRefreshesIt()
    {
        await LearnVersionOneAsync();
        clock.Advance(Refresh);

        var duringRefresh = await catalogue.LatestAsync(Code, CancellationToken.None);
        var alsoDuringRefresh = await catalogue.LatestAsync(Code, CancellationToken.None);
        management.Answer(Version(2));
        var afterRefresh = await UntilAsync(() => catalogue.LatestAsync(Code, CancellationToken.None), found => found?.Version == 2);

        Assert.Equal((1, 1, 2), (duringRefresh!.Version, alsoDuringRefresh!.Version, afterRefresh!.Version));
        Assert.Equal(2, management.Asked);
    }

    [Fact]
    public async Task Latest_WhenTheRefreshFails_KeepsTheLastVersionForOneMorePeriod_ThenWaitsForManagement()
    {
        await LearnVersionOneAsync();
        clock.Advance(Refresh);
        var stale = await catalogue.LatestAsync(Code, CancellationToken.None);
        management.Fail();

        // Once the failure has landed, the next caller starts another refresh and still gets the last version.
        clock.Advance(Refresh - TimeSpan.FromSeconds(1));
        var stillStale = await UntilAsync(() => catalogue.LatestAsync(Code, CancellationToken.None), _ => management.Asked == 3);
        management.Fail();
        clock.Advance(TimeSpan.FromSeconds(1));
        var pastTheBound = catalogue.LatestAsync(Code, CancellationToken.None);
        management.Fail();

        Assert.Equal((1, 1), (stale!.Version, stillStale!.Version));
        await Assert.ThrowsAsync<TimeoutException>(() => pastTheBound);
        Assert.Equal(4, management.Asked);
    }

    [Fact]
    public async Task Latest_AfterAPublishInThisProcess_WaitsForTheNewVersion()
    {
        await LearnVersionOneAsync();

        publications.Announce(PublishedServiceType.DefinitionKind, Code);
        var afterPublish = catalogue.LatestAsync(Code, CancellationToken.None);
        Assert.False(afterPublish.IsCompleted);
        management.Answer(Version(2));

        Assert.Equal(2, (await afterPublish)!.Version);
    }

    private static PublishedServiceType Version(int version) => new(
        Code, version, "Cookies", new ServiceTerms("Cookies served.", "EUR", 45.00m, [], "Europe/Berlin", [], "delivery", 30.00m, 10, TimeSpan.FromHours(4), TimeSpan.FromMinutes(15), 100, 100), "{}");

    private async Task LearnVersionOneAsync()
    {
        var learning = catalogue.LatestAsync(Code, CancellationToken.None);
        management.Answer(Version(1));
        Assert.Equal(1, (await learning)!.Version);
    }

    /// <summary>The background refresh lands on another thread: asks again until the answer shows it (at most 10 s).</summary>
    private static async Task<T> UntilAsync<T>(Func<Task<T>> ask, Func<T, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            var answer = await ask();
            if (done(answer) || DateTimeOffset.UtcNow > deadline)
            {
                return answer;
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Management's side: each lookup waits for the test's answer or failure, oldest first.</summary>
    private sealed class ScriptedLookups : IServiceTypeLookups
    {
        private readonly Queue<TaskCompletionSource<PublishedServiceType?>> waiting = new();
        private int asked;

        public int Asked
        {
            get
            {
                lock (waiting)
                {
                    return asked;
                }
            }
        }

        public Task<PublishedServiceType?> LookUpAsync(ServiceTypeLookup lookup)
        {
            var answer = new TaskCompletionSource<PublishedServiceType?>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (waiting)
            {
                asked++;
                waiting.Enqueue(answer);
            }

            return answer.Task;
        }

        public void Answer(PublishedServiceType? found) => Next().SetResult(found);

        public void Fail() => Next().SetException(new TimeoutException("Management did not answer."));

        private TaskCompletionSource<PublishedServiceType?> Next()
        {
            lock (waiting)
            {
                return waiting.Dequeue();
            }
        }
    }

    private sealed class SettableClock : TimeProvider
    {
        private DateTimeOffset now = new(2031, 3, 4, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}

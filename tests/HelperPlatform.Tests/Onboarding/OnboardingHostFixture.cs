using HelperPlatform.Tests.Infrastructure;

namespace HelperPlatform.Tests.Onboarding;

/// <summary>A host with one published test set, for tests that need a skill to apply for but not a fresh one each.</summary>
public sealed class OnboardingHostFixture : IAsyncLifetime
{
    private PlatformHost? host;
    private OnboardingApi? api;

    public PlatformHost Host => host ?? throw new InvalidOperationException("The host has not started.");

    internal OnboardingApi Api => api ?? throw new InvalidOperationException("The host has not started.");

    public string Skill { get; } = OnboardingTrees.Skill();

    public async Task InitializeAsync()
    {
        host = await PlatformHost.StartAsync();
        api = await OnboardingApi.CreateAsync(host);
        await api.PublishAsync(OnboardingTrees.Full(Skill));
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}

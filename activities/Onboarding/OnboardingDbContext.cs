using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Onboarding;

public sealed class OnboardingDbContext(DbContextOptions<OnboardingDbContext> options) : ContextDbContext(options)
{
    public override BoundedContext Context => BoundedContext.Onboarding;
}

using HelperPlatform.Host.Platform;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Ordering;
using HelperPlatform.Workflows.Platform;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Temporalio.Activities;
using Temporalio.Extensions.Hosting;

namespace HelperPlatform.Tests.Platform;

/// <summary>
/// Workflows call activities through <c>[Activity]</c> interfaces in <c>workflows/</c> (docs/architecture.md): the
/// caller schedules the name the SDK derives from the interface method, the worker serves the name it derives from
/// the implementing method, and the two must meet.
/// </summary>
public sealed class ActivityRegistrationTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    [Fact]
    public void EveryActivityAWorkflowCanCall_IsServedUnderItsNameByAContextWorkersClassImplementingItsInterface()
    {
        var workers = fixture.Host.Services.GetRequiredService<IOptionsMonitor<TemporalWorkerServiceOptions>>();
        var served = fixture.Host.Services.GetRequiredService<ContextSelection>().Contexts
            .SelectMany(context => workers.Get(context.TaskQueue()).Activities)
            .ToLookup(definition => definition.Name);
        var callable = typeof(OrderWorkflow).Assembly.GetTypes()
            .Where(type => type.IsInterface)
            .SelectMany(contract => contract.GetMethods().Where(method => method.IsDefined(typeof(ActivityAttribute), inherit: false)).Select(method => (contract, method)))
            .ToList();

        Assert.NotEmpty(callable);
        Assert.All(callable, activity =>
        {
            var name = ActivityDefinition.Create(activity.method, _ => null).Name;
            Assert.Contains(served[name], definition => activity.contract.IsAssignableFrom(definition.MethodInfo!.DeclaringType));
        });
    }
}

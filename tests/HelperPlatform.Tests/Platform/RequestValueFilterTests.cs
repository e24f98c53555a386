using System.Reflection;
using System.Security.Claims;
using HelperPlatform.Host.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Platform;

/// <summary>
/// Endpoints whose parameters the unreadable-value filter cannot walk are refused when the endpoint is built, naming
/// what to change, instead of sending the filter into endless recursion (a stack overflow takes the process down).
/// </summary>
public sealed class RequestValueFilterTests
{
    [Fact]
    public void AnAsParametersGroup_IsRefusedNamingTheParameter()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(nameof(WithAGroup)));

        Assert.Contains("[AsParameters] 'group'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABodyTypeThatContainsItself_IsRefusedNamingTheChain()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(nameof(WithALinkedBody)));

        Assert.Contains("'Link → Link' contains itself", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyWithTheSameTypeInTwoBranches_IsChecked_NamingTheBranch()
    {
        var filter = Build(nameof(WithTwoAddresses));

        var answer = await filter(new DefaultEndpointFilterInvocationContext(new DefaultHttpContext(), new Delivery(new("Hauptstraße 1"), new("Markt\u00072"))));

        var problem = Assert.IsType<ValidationProblem>(answer);
        Assert.Equal(["to.street"], problem.ProblemDetails.Errors.Keys);
    }

    private static EndpointFilterDelegate Build(string endpoint)
    {
        var services = new ServiceCollection().AddOptions().BuildServiceProvider();
        var context = new EndpointFilterFactoryContext
        {
            MethodInfo = typeof(RequestValueFilterTests).GetMethod(endpoint, BindingFlags.NonPublic | BindingFlags.Static)!,
            ApplicationServices = services,
        };
        return RequestValueFilter.Create(context, _ => ValueTask.FromResult<object?>(null));
    }

    private static void WithAGroup([AsParameters] Group group) => _ = group;

    private static void WithALinkedBody(Link body) => _ = body;

    private static void WithTwoAddresses(Delivery body) => _ = body;

    private sealed record Group(ClaimsPrincipal User, TimeProvider Clock);

    private sealed record Link(string Name, Link? Next);

    private sealed record Address(string Street);

    private sealed record Delivery(Address From, Address To);
}

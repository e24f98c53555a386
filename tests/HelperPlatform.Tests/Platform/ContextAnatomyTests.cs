using System.Reflection;
using System.Text.RegularExpressions;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Host.Platform;
using HelperPlatform.Workflows.Platform;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Platform;

/// <summary>The rules of docs/architecture.md, "Anatomy of a context", that a new context could break without noticing.</summary>
public sealed class ContextAnatomyTests
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));

    /// <summary>The only platform files that name the contexts: each context's module, each context's DbContext.</summary>
    private static readonly string[] CompositionRoot = ["host/Platform/ContextModules.cs", "activities/Platform/Persistence/ContextDatabases.cs"];

    private static readonly string[] PlatformFolders = ["workflows/Platform", "activities/Platform", "host/Platform"];

    private static readonly Regex ContextImport = new(
        $@"^using HelperPlatform\.(Workflows|Activities|Host)\.({string.Join('|', BoundedContexts.All)})[.;]", RegexOptions.Multiline);

    [Fact]
    public void PlatformCode_ImportsNoContext_OutsideTheCompositionRoot()
    {
        var platformFiles = PlatformFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .ToList();

        var importing = platformFiles.Where(path => ContextImport.IsMatch(File.ReadAllText(Path.Combine(Root, path))));

        Assert.Equal(CompositionRoot.Order(), importing.Order());
    }

    [Fact]
    public void EveryContextWithAModule_HasTheModulesEntryPointsAndItsEventsClass()
    {
        var host = typeof(ContextModules).Assembly;
        var workflows = typeof(BoundedContext).Assembly;
        var built = BoundedContexts.All.Where(context => host.GetType($"HelperPlatform.Host.{context}.{context}Module") is not null).ToList();

        Assert.Equal([BoundedContext.Management, BoundedContext.Onboarding, BoundedContext.Ordering, BoundedContext.Warehouse, BoundedContext.Execution, BoundedContext.Invoicing, BoundedContext.Totalizator], built);
        Assert.All(built, context =>
        {
            var module = host.GetType($"HelperPlatform.Host.{context}.{context}Module")!;
            Assert.NotNull(module.GetMethod($"Add{context}", BindingFlags.Public | BindingFlags.Static, [typeof(IServiceCollection)]));
            Assert.NotNull(module.GetMethod($"Map{context}Endpoints", BindingFlags.Public | BindingFlags.Static, [typeof(IEndpointRouteBuilder)]));
            Assert.NotNull(workflows.GetType($"HelperPlatform.Workflows.{context}.{context}Events"));
            Assert.Equal($"HelperPlatform.Activities.{context}.{context}DbContext", ContextDatabases.DbContextType(context).FullName);
        });
    }
}

using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Host.Platform;
using HelperPlatform.Tests.Infrastructure;
using Npgsql;

namespace HelperPlatform.Tests.Platform;

/// <summary>The same build runs as one service per context: a host started with a subset runs only that subset.</summary>
public sealed class ContextSubsetTests
{
    [Fact]
    public async Task Host_WithTwoContexts_RunsAndMigratesOnlyThose()
    {
        await using var host = await PlatformHost.StartAsync("Platform:Contexts=Invoicing, ordering");
        using var ops = await host.CreateClientAsync(PlatformRoles.Ops);

        var runtime = await ops.GetFromJsonAsync<RuntimeResponse>("/api/ops/runtime");

        Assert.Equal(["Ordering", "Invoicing"], runtime!.Contexts.Select(context => context.Name));
        Assert.Equal(["helperplatform-ordering", "helperplatform-invoicing"], runtime.Contexts.Select(context => context.TaskQueue));
        Assert.Equal(["identity", "invoicing", "ordering"], await SchemasAsync(host.ConnectionString));
    }

    [Fact]
    public async Task Host_WithAllContexts_MigratesEverySchema()
    {
        await using var host = await PlatformHost.StartAsync();

        Assert.Equal(
            ["execution", "identity", "invoicing", "management", "onboarding", "ordering", "totalizator", "warehouse"],
            await SchemasAsync(host.ConnectionString));
    }

    [Fact]
    public void ContextSelection_WithUnknownName_FailsNamingIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ContextSelection.Parse("Ordering,Shipping"));

        Assert.Contains("'Shipping'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Totalizator", error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<string>> SchemasAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT schema_name FROM information_schema.schemata WHERE schema_name NOT LIKE 'pg_%' AND schema_name NOT IN ('information_schema', 'public') ORDER BY 1",
            connection);
        var schemas = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            schemas.Add(reader.GetString(0));
        }

        return schemas;
    }
}

using HelperPlatform.Tests.Infrastructure;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>
/// xUnit runs a collection that disables parallelization after every parallel one has finished, so the one test in it
/// runs after all the other test classes of the run, and their fixtures are gone. Keep it the only such collection.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AfterEveryScenario
{
    public const string Name = "After every scenario";
}

/// <summary>
/// The zero-sum check over the whole run: after every test class, the ledger of every database the run made
/// (<see cref="PostgresServer.Databases"/>) is audited (<see cref="LedgerAudit"/>). The per-class checks
/// (<c>InvoicingFlow.AssertLedgerConsistentAsync</c>) see one host's ledger while its scenarios run; this one sees every
/// host's, after the last of them.
/// </summary>
[Collection(AfterEveryScenario.Name)]
public sealed class SuiteLedgerCheck
{
    [Fact]
    public async Task EveryLedgerTheRunWrote_BalancesAndBooksItsInvoices()
    {
        var server = await PostgresServer.GetAsync();
        var audits = await Task.WhenAll(server.Databases.Select(LedgerAudit.RunAsync));

        // Run alone, it would have nothing to check and prove nothing: it belongs to a run of the invoicing scenarios.
        Assert.True(audits.Sum(audit => audit.Entries) > 0, "No test of this run wrote a ledger entry; run this check with the invoicing tests.");
        Assert.Empty(audits.SelectMany(audit => audit.Problems));
    }
}

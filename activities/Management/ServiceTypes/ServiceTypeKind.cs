using System.Text.Json;
using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Activities.Management.ServiceTypes;

/// <summary>
/// Service types: the fulfilment step catalogue (pick supplies, match a worker, hand over, check in, photo
/// report, quality review, wait), the set-level terms (price rules, supplies, skill, payout, sampling,
/// deadlines) and the rules that tie them together. The format is documented in docs/service-types.md.
/// </summary>
public sealed class ServiceTypeKind : IDefinitionKind
{
    private static readonly StepCatalogue Catalogue = new(
    [
        new PickSuppliesStep(), new MatchWorkerStep(), new HandOverStep(), new CheckInStep(), new PhotoReportStep(),
        new QualityReviewStep(), new WaitStep(),
    ]);

    public string Kind => PublishedServiceType.DefinitionKind;

    public StepCatalogue Steps => Catalogue;

    public string DisplayName => "service type";

    public string PublishedEventType => ManagementEvents.ServiceTypeDefined;

    public DefinitionCheck Check(DefinitionTree tree)
    {
        var problems = new DefinitionProblems();
        Read(tree, problems);
        return new DefinitionCheck(problems.All, Subject: null);
    }

    /// <summary>The terms of a published (so valid) version's tree.</summary>
    /// <exception cref="InvalidOperationException">The tree is not a valid service type.</exception>
    public static ServiceTerms ReadPublishedTerms(string definitionJson)
    {
        using var document = JsonDocument.Parse(definitionJson);
        var problems = new DefinitionProblems();
        var terms = DefinitionTreeReader.Read(document.RootElement, problems) is { } tree ? Read(tree, problems) : null;
        return problems.All.Count == 0 && terms is not null
            ? terms
            : throw new InvalidOperationException(
                $"A published service type no longer reads as valid: {string.Join("; ", problems.All.Select(problem => $"{problem.Path}: {problem.Message}"))}");
    }

    private static ServiceTerms? Read(DefinitionTree tree, DefinitionProblems problems)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var properties = PropertyReader.ForTree(tree, problems);
        var terms = ServiceTermsReader.Read(properties);
        Catalogue.Validate(tree, problems);
        var steps = tree.AllSteps().ToList();
        CheckComposition(steps, problems);
        CheckSupplies(properties, steps, problems);
        CheckSampling(properties, steps, problems);
        return terms;
    }

    /// <summary>One matching and at most one pick, handover and review per order; every order is done on site and shown in photos.</summary>
    private static void CheckComposition(List<DefinitionStep> steps, DefinitionProblems problems)
    {
        foreach (var required in new[] { FlowStepTypes.MatchWorker, FlowStepTypes.CheckIn, FlowStepTypes.PhotoReport })
        {
            if (!steps.Any(step => step.Type == required))
            {
                problems.AddForTree(DefinitionTreeKeys.Sequence, $"A service type's flow needs a '{required}' step.");
            }
        }

        foreach (var once in new[] { FlowStepTypes.MatchWorker, FlowStepTypes.PickSupplies, FlowStepTypes.HandOver, FlowStepTypes.QualityReview })
        {
            foreach (var extra in steps.Where(step => step.Type == once).Skip(1))
            {
                problems.AddForStep(extra, string.Empty, $"A flow has at most one '{once}' step; an order runs it once.");
            }
        }
    }

    /// <summary>Supplies, their pick and their handover come together: none of them means anything alone.</summary>
    private static void CheckSupplies(PropertyReader properties, List<DefinitionStep> steps, DefinitionProblems problems)
    {
        var pick = steps.FirstOrDefault(step => step.Type == FlowStepTypes.PickSupplies);
        var handOver = steps.FirstOrDefault(step => step.Type == FlowStepTypes.HandOver);
        var listsSupplies = properties.Peek(ServiceTypeProperties.Supplies) is { ValueKind: JsonValueKind.Array } supplies && supplies.GetArrayLength() > 0;
        if (listsSupplies && pick is null)
        {
            properties.Problem(ServiceTypeProperties.Supplies, $"The service type lists supplies but its flow has no '{FlowStepTypes.PickSupplies}' step, so they would never be picked.");
        }

        if (pick is not null && !listsSupplies)
        {
            problems.AddForStep(pick, string.Empty, "There is nothing to pick: the service type lists no supplies.");
        }

        if (pick is not null && handOver is null)
        {
            problems.AddForStep(pick, string.Empty, $"The picked kit is never handed to the worker: add a '{FlowStepTypes.HandOver}' step after it.");
        }
    }

    /// <summary>A sampling rate without a review step, or a review step nobody is ever sampled for, is a mistake either way.</summary>
    private static void CheckSampling(PropertyReader properties, List<DefinitionStep> steps, DefinitionProblems problems)
    {
        var review = steps.FirstOrDefault(step => step.Type == FlowStepTypes.QualityReview);
        int? samplingPercent = properties.Peek(ServiceTypeProperties.QualitySamplingPercent) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var percent)
            ? percent
            : null;
        if (samplingPercent > 0 && review is null)
        {
            properties.Problem(ServiceTypeProperties.QualitySamplingPercent, $"{samplingPercent}% of orders are sampled for quality review, but the flow has no '{FlowStepTypes.QualityReview}' step.");
        }

        if (samplingPercent == 0 && review is not null)
        {
            problems.AddForStep(review, string.Empty, $"'{ServiceTypeProperties.QualitySamplingPercent}' is 0, so this review would never run.");
        }
    }
}

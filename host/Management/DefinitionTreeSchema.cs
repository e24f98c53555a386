using System.Reflection;
using System.Text.Json.Nodes;
using HelperPlatform.Workflows.Management;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace HelperPlatform.Host.Management;

/// <summary>
/// The definition tree as the OpenAPI document describes it: the handlers take it as raw JSON (it is validated
/// against the kind's vocabulary, with every problem named), so without this it would read as an empty object.
/// </summary>
internal static class DefinitionTreeSchema
{
    private const string TreeName = "DefinitionTree";
    private const string StepName = "DefinitionStep";

    /// <summary>The contracts that carry a tree in their <c>definition</c>.</summary>
    private static readonly string[] Holders = [nameof(CreateDefinitionRequest), nameof(UpdateDraftRequest), nameof(DraftResponse), nameof(VersionResponse)];

    public static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var schemas = document.Components?.Schemas;
        var holders = Holders.Where(name => schemas?.ContainsKey(name) == true).Select(name => schemas![name]).OfType<OpenApiSchema>().ToList();
        if (holders.Count == 0)
        {
            return Task.CompletedTask;
        }

        document.AddComponent<IOpenApiSchema>(StepName, Step(document));
        document.AddComponent<IOpenApiSchema>(TreeName, Tree(document));
        foreach (var holder in holders)
        {
            holder.Properties!["definition"] = new OpenApiSchemaReference(TreeName, document);
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema Tree(OpenApiDocument document) => new()
    {
        Type = JsonSchemaType.Object,
        Description = "A test set's or service type's tree (docs/test-sets.md, docs/service-types.md).",
        Required = new HashSet<string> { DefinitionTreeKeys.Properties, DefinitionTreeKeys.Sequence },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            [DefinitionTreeKeys.Properties] = FreeObject(
                $"The set-level properties. A test set's: {Words(typeof(TestSetProperties))}. A service type's: {Words(typeof(ServiceTypeProperties))}."),
            [DefinitionTreeKeys.Sequence] = Steps(document, "The steps, run in order."),
        },
    };

    private static OpenApiSchema Step(OpenApiDocument document) => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { DefinitionTreeKeys.Id, DefinitionTreeKeys.ComponentType, DefinitionTreeKeys.Type },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            [DefinitionTreeKeys.Id] = Text("Unique within the tree; other steps name it (e.g. testStepId)."),
            [DefinitionTreeKeys.ComponentType] = Text("task, or switch for a step that branches."),
            [DefinitionTreeKeys.Type] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "A test set's steps: quiz, practicalTask, branchOnResult, finish; a service type's: the fulfilment steps.",
                Enum = [.. Constants(typeof(TestSetStepTypes)).Concat(Constants(typeof(FlowStepTypes))).Distinct().Select(word => (JsonNode)word)],
            },
            [DefinitionTreeKeys.Name] = Text("What people see."),
            [DefinitionTreeKeys.Properties] = FreeObject(
                $"The step type's properties. A test set's: {Words(typeof(TestSetStepProperties))}. A service type's: {Words(typeof(FlowStepProperties))}."),
            [DefinitionTreeKeys.Branches] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = $"Only on a branching step: the steps to run on {OutcomeBranches.Pass} and on {OutcomeBranches.Fail}.",
                AdditionalProperties = Steps(document, "The branch's steps."),
            },
        },
    };

    private static OpenApiSchema Steps(OpenApiDocument document, string description) => new()
    {
        Type = JsonSchemaType.Array,
        Description = description,
        Items = new OpenApiSchemaReference(StepName, document),
    };

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };

    private static OpenApiSchema FreeObject(string description) => new() { Type = JsonSchemaType.Object, Description = description, AdditionalPropertiesAllowed = true };

    private static string Words(Type vocabulary) => string.Join(", ", Constants(vocabulary));

    private static IEnumerable<string> Constants(Type vocabulary) =>
        vocabulary.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral)
            .Select(field => (string)field.GetRawConstantValue()!);
}

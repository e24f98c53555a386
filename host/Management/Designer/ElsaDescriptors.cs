using System.Text.Json.Nodes;

namespace HelperPlatform.Host.Management.Designer;

/// <summary>
/// What Elsa Studio is told about the activities it may draw and the options it shows: the palette as activity
/// descriptors, the one expression kind we store (literal text), empty lists for the strategies Studio offers
/// but our definitions do not have, and the controls that cannot work here with the words Studio shows instead.
/// </summary>
internal static class ElsaDescriptors
{
    /// <summary>Lists Studio reads on start and in its settings panels; our definitions have none of these.</summary>
    public static readonly string[] EmptyLists =
    [
        "/descriptors/workflow-activation-strategies",
        "/descriptors/log-persistence-strategies",
        "/descriptors/incident-strategies",
        "/descriptors/commit-strategies/workflows",
        "/descriptors/commit-strategies/activities",
        "/features/installed",
    ];

    /// <summary>Studio's controls that mean running or reshaping a workflow outside our flow, each answered in words.</summary>
    public static readonly (string Method, string Route, string Explanation)[] Unsupported =
    [
        ("POST", "/workflow-definitions/{code}/execute",
            "Definitions are not run from the designer: publish it, and the next order or onboarding that starts pins the new version."),
        ("POST", "/workflow-definitions/{code}/dispatch",
            "Definitions are not run from the designer: publish it, and the next order or onboarding that starts pins the new version."),
        ("POST", "/workflow-definitions/{code}/retract",
            "Published versions stay: orders and onboardings pinned to them go on. Publish a corrected version instead."),
        ("POST", "/tests/activities",
            "Steps are not tried on their own: they run inside an order or an onboarding. Publish, and the next one that starts runs this step."),
        ("DELETE", "/workflow-definitions/{code}",
            "Definitions are never deleted: running orders and onboardings pin their versions."),
        ("POST", "/workflow-definitions/import",
            "Import is not offered: create a definition on the designer's start page, then edit it here."),
    ];

    /// <summary>
    /// One variable type and one storage driver, each saying variables are not stored: Studio's "add variable" dialog
    /// fails unhandled without a storage driver, and a variable added anyway is refused on save, naming the field.
    /// </summary>
    public static JsonObject VariableTypes() => List(
    [
        new JsonObject
        {
            ["typeName"] = "String",
            ["displayName"] = "Text (not stored: our definitions have no variables)",
            ["category"] = "Not stored",
            ["description"] = "Our definitions have no variables; a save with one is refused.",
        },
    ]);

    /// <inheritdoc cref="VariableTypes"/>
    public static JsonObject StorageDrivers() => List(
    [
        new JsonObject
        {
            ["typeName"] = "NotStored",
            ["displayName"] = "Not stored: our definitions have no variables",
            ["priority"] = 0,
            ["deprecated"] = false,
        },
    ]);

    public static JsonObject List(JsonArray items) => new() { ["items"] = items, ["count"] = items.Count };

    public static JsonObject Activities(DesignerPalette palette)
    {
        var items = new JsonArray
        {
            Descriptor(FlowchartMapping.FlowchartType, "Elsa", "Flowchart", "Flow", "The flow.", [], [], isBrowsable: false, isContainer: true),
            Descriptor(DesignerPalette.ActivityType(palette.Settings), "HelperPlatform", palette.Settings.DisplayName, palette.Category,
                palette.Settings.Description, Inputs(palette.Settings), [FlowchartMapping.DonePort], isBrowsable: false, isStart: true),
        };
        foreach (var entry in palette.Steps)
        {
            var type = palette.Kind.Steps.Find(entry.Type)
                ?? throw new InvalidOperationException($"The {palette.Kind.DisplayName} palette offers '{entry.Type}', which its catalogue does not have.");
            IReadOnlyList<string> ports = type.BranchNames.Count > 0 ? type.BranchNames : [FlowchartMapping.DonePort];
            items.Add(Descriptor(DesignerPalette.ActivityType(entry), "HelperPlatform", entry.DisplayName, palette.Category, entry.Description, Inputs(entry), ports));
        }

        return List(items);
    }

    public static JsonObject Expressions() => List(
    [
        Expression("Literal", "Literal", isBrowsable: true),
        // Studio's JSON and list editors write "Object" expressions; they are read as text like literals.
        Expression("Object", "Object", isBrowsable: false),
        // Studio's expression editor starts on the first kind that is not one of its own (Literal, Object, Variable,
        // Input) and fails without one; hidden, it is never offered, so every field stays literal.
        Expression("Text", "Text", isBrowsable: false),
    ]);

    private static JsonObject Expression(string type, string displayName, bool isBrowsable) => new()
    {
        ["type"] = type,
        ["displayName"] = displayName,
        ["isSerializable"] = true,
        ["isBrowsable"] = isBrowsable,
        ["properties"] = new JsonObject(),
    };

    private static JsonObject Descriptor(
        string typeName, string ns, string displayName, string category, string description, JsonArray inputs, IReadOnlyList<string> ports,
        bool isBrowsable = true, bool isContainer = false, bool isStart = false) => new()
    {
        ["typeName"] = typeName,
        ["namespace"] = ns,
        ["name"] = typeName[(typeName.LastIndexOf('.') + 1)..],
        ["version"] = 1,
        ["category"] = category,
        ["displayName"] = displayName,
        ["description"] = description,
        ["inputs"] = inputs,
        ["outputs"] = new JsonArray(),
        ["kind"] = "Action",
        ["ports"] = new JsonArray([.. ports.Select(port => (JsonNode)new JsonObject
        {
            ["name"] = port,
            ["displayName"] = port,
            ["type"] = "Flow",
            ["isBrowsable"] = true,
        })]),
        ["customProperties"] = new JsonObject(),
        ["constructionProperties"] = new JsonObject(),
        ["isContainer"] = isContainer,
        ["isBrowsable"] = isBrowsable,
        ["isStart"] = isStart,
        ["isTerminal"] = false,
    };

    private static JsonArray Inputs(PaletteEntry entry) => new([.. entry.Fields.Select((field, index) => (JsonNode)Input(field, index))]);

    private static JsonObject Input(PaletteField field, int order)
    {
        var input = new JsonObject
        {
            ["name"] = field.Name,
            ["typeName"] = "String",
            ["displayName"] = field.DisplayName,
            ["description"] = field.Description,
            ["order"] = order,
            ["isBrowsable"] = true,
            ["isSynthetic"] = false,
            ["isWrapped"] = true,
            ["uiHint"] = UIHint(field.Kind),
            ["category"] = null,
            ["defaultValue"] = null,
            ["defaultSyntax"] = "Literal",
            ["isReadOnly"] = false,
            ["isSensitive"] = false,
        };
        if (field.Choices is { } choices)
        {
            input["uiSpecifications"] = new JsonObject
            {
                ["dropdown"] = new JsonObject
                {
                    ["selectList"] = new JsonObject
                    {
                        ["items"] = new JsonArray([.. choices.Select(choice => (JsonNode)new JsonObject { ["text"] = choice, ["value"] = choice })]),
                        ["isFlagsEnum"] = false,
                        ["sortItems"] = false,
                    },
                },
            };
        }

        return input;
    }

    private static string UIHint(FieldKind kind) => kind switch
    {
        FieldKind.MultiLineText => "multiline",
        FieldKind.Choice => "dropdown",
        FieldKind.Json => "json-editor",
        _ => "singleline",
    };
}

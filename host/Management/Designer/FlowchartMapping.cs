using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Host.Management.Designer;

/// <summary>
/// Elsa's flowchart and our tree, each written from the other. The tree is the definition; the flowchart is how the
/// designer draws it: the settings node first, then every step as an activity, a task's <c>Done</c> port leading to
/// the step after it, a branching step's ports (its branch names) to each branch's first step, and every branch's
/// last step to the step after the branching one, where the branches rejoin. A flowchart is read back only when it
/// has that shape; anything else is refused with a message naming the activity.
/// </summary>
public static class FlowchartMapping
{
    public const string FlowchartType = "Elsa.Flowchart";
    public const string DonePort = "Done";
    public const string InPort = "In";
    private const double ColumnWidth = 280;
    private const double RowHeight = 160;

    public static JsonObject ToFlowchart(DefinitionTree tree, JsonObject? layout, DesignerPalette palette)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(palette);
        var positions = layout?["steps"] as JsonObject;
        var activities = new JsonArray();
        var connections = new JsonArray();
        var settingsId = SettingsNodeId(tree);
        activities.Add(Activity(settingsId, settingsId, palette.Settings, palette.Settings.DisplayName, tree.Properties,
            layout?["settings"] ?? Position(0, 0)));
        var column = 1;
        PlaceSequence(tree.Sequence, palette, positions, activities, ref column, 0);
        if (tree.Sequence.Count > 0)
        {
            connections.Add(Connection(settingsId, DonePort, tree.Sequence[0].Id));
        }

        ConnectSequence(tree.Sequence, next: null, palette, connections);
        return new JsonObject
        {
            ["id"] = "flowchart",
            ["nodeId"] = "flowchart",
            ["name"] = "Flowchart1",
            ["type"] = FlowchartType,
            ["version"] = 1,
            ["customProperties"] = new JsonObject(),
            ["metadata"] = new JsonObject(),
            ["activities"] = activities,
            ["connections"] = connections,
        };
    }

    /// <summary>Reads a flowchart the designer saved into our tree and the layout of its nodes.</summary>
    public static FlowchartReading ToTree(JsonNode? root, DesignerPalette palette)
    {
        ArgumentNullException.ThrowIfNull(palette);
        return new FlowchartReader(palette).Read(root);
    }

    /// <summary>The settings node's id: <c>settings</c>, unless a step already has it.</summary>
    private static string SettingsNodeId(DefinitionTree tree)
    {
        var ids = tree.AllSteps().Select(step => step.Id).ToHashSet(StringComparer.Ordinal);
        var id = "settings";
        while (ids.Contains(id))
        {
            id = $"_{id}";
        }

        return id;
    }

    private static void PlaceSequence(
        IReadOnlyList<DefinitionStep> sequence, DesignerPalette palette, JsonObject? positions, JsonArray activities, ref int column, int row)
    {
        foreach (var step in sequence)
        {
            var entry = palette.Steps.FirstOrDefault(candidate => candidate.Type == step.Type)
                ?? new PaletteEntry(step.Type, step.Type, string.Empty, []);
            activities.Add(Activity(step.Id, step.Id, entry, step.Name, step.Properties, positions?[step.Id] ?? Position(column, row)));
            column++;
            var end = column;
            for (var index = 0; index < step.Branches.Count; index++)
            {
                var branchColumn = column;
                PlaceSequence(step.Branches[index].Sequence, palette, positions, activities, ref branchColumn, row + index);
                end = Math.Max(end, branchColumn);
            }

            column = end;
        }
    }

    /// <param name="next">The step after the sequence, where its last step leads; null at the end of the flow.</param>
    private static void ConnectSequence(IReadOnlyList<DefinitionStep> sequence, DefinitionStep? next, DesignerPalette palette, JsonArray connections)
    {
        for (var index = 0; index < sequence.Count; index++)
        {
            var step = sequence[index];
            var after = index + 1 < sequence.Count ? sequence[index + 1] : next;
            if (step.Branches.Count == 0)
            {
                if (after is not null && !EndsFlow(step, palette))
                {
                    connections.Add(Connection(step.Id, DonePort, after.Id));
                }

                continue;
            }

            foreach (var branch in step.Branches)
            {
                var first = branch.Sequence.Count > 0 ? branch.Sequence[0] : after;
                if (first is not null)
                {
                    connections.Add(Connection(step.Id, branch.Name, first.Id));
                }

                ConnectSequence(branch.Sequence, after, palette, connections);
            }
        }
    }

    private static bool EndsFlow(DefinitionStep step, DesignerPalette palette) =>
        palette.Kind.Steps.Find(step.Type) is { } type && type.EndsFlow(step);

    private static JsonObject Activity(string id, string name, PaletteEntry entry, string displayText, JsonElement properties, JsonNode designer)
    {
        var activity = new JsonObject
        {
            ["id"] = id,
            ["nodeId"] = $"flowchart:{id}",
            ["name"] = name,
            ["type"] = DesignerPalette.ActivityType(entry),
            ["version"] = 1,
            ["customProperties"] = new JsonObject(),
            ["metadata"] = new JsonObject { ["designer"] = designer.DeepClone(), ["displayText"] = displayText },
        };
        foreach (var field in entry.Fields)
        {
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(field.Name, out var value))
            {
                activity[field.Name] = Literal(FieldText(value));
            }
        }

        return activity;
    }

    /// <summary>A property as the designer's field shows it: text as it is, anything else as its JSON.</summary>
    private static string FieldText(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static JsonObject Literal(string text) => new()
    {
        ["typeName"] = "String",
        ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = text },
    };

    private static JsonObject Position(int column, int row) => new()
    {
        ["position"] = new JsonObject { ["x"] = column * ColumnWidth, ["y"] = row * RowHeight },
        ["size"] = new JsonObject { ["width"] = 0, ["height"] = 0 },
    };

    private static JsonObject Connection(string source, string port, string target) => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = InPort },
        ["vertices"] = new JsonArray(),
    };

    /// <summary>The value a field holds, as the tree stores it; null when the field is empty.</summary>
    internal static JsonNode? TreeValue(PaletteField field, JsonNode? input)
    {
        var text = (input is JsonObject wrapped ? wrapped["expression"]?["value"] : input) switch
        {
            null => null,
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            var other => other.ToJsonString(),
        };
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // Text that is not what the field needs stays text, so the validator names the property and says what it needs.
        return field.Kind switch
        {
            FieldKind.Number when decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            FieldKind.Json => ParseJson(text) ?? JsonValue.Create(text),
            _ => JsonValue.Create(text),
        };
    }

    private static JsonNode? ParseJson(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A flowchart the designer sent that is no tree: <see cref="ActivityId"/> names the activity it is about, when one is.</summary>
public sealed record FlowchartRefusal(string? ActivityId, string Message);

/// <param name="Tree">The definition tree, or null when the flowchart was refused.</param>
/// <param name="Layout">Where each node is drawn: <c>{"settings": …, "steps": {"&lt;step id&gt;": …}}</c>.</param>
public sealed record FlowchartReading(JsonObject? Tree, JsonObject Layout, IReadOnlyList<FlowchartRefusal> Refusals);

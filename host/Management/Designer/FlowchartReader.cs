using System.Text.Json.Nodes;
using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Host.Management.Designer;

/// <summary>
/// Reads a flowchart back into a tree (see <see cref="FlowchartMapping"/>). The flow starts at the settings node; a
/// branching step's branches rejoin at its nearest post-dominator (the first step every branch reaches, paths that
/// end the flow aside), and each step must be reached once, from one place: so a cycle, a step nothing leads to, a
/// second start or two unrelated paths meeting are refused, each naming an activity.
/// </summary>
internal sealed class FlowchartReader(DesignerPalette palette)
{
    private readonly List<FlowchartRefusal> refusals = [];
    private readonly Dictionary<string, Node> nodes = new(StringComparer.Ordinal);
    private readonly HashSet<string> visited = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>?> postDominators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> order = new(StringComparer.Ordinal);

    /// <summary>Stands for "the flow ends here without reaching its end node" in post-dominator sets.</summary>
    private const string Exit = "\u0000exit";

    public FlowchartReading Read(JsonNode? root)
    {
        var layout = new JsonObject { ["steps"] = new JsonObject() };
        if (root is not JsonObject flowchart || flowchart["type"]?.GetValueKind() != System.Text.Json.JsonValueKind.String
            || flowchart["type"]!.GetValue<string>() != FlowchartMapping.FlowchartType)
        {
            return Refused(layout, new FlowchartRefusal(null, $"The designer's root must be a flowchart ('{FlowchartMapping.FlowchartType}')."));
        }

        var settings = ReadNodes(flowchart["activities"] as JsonArray, layout);
        if (refusals.Count == 0)
        {
            ReadConnections(flowchart["connections"] as JsonArray);
        }

        if (refusals.Count == 0 && settings is null)
        {
            refusals.Add(new(null, $"The flow has no '{palette.Settings.DisplayName}' node: add it from the palette; the flow starts there."));
        }

        if (refusals.Count > 0)
        {
            return Refused(layout, [.. refusals]);
        }

        CheckStarts(settings!);
        if (refusals.Count == 0)
        {
            CheckCycles(settings!);
        }

        if (refusals.Count > 0)
        {
            return Refused(layout, [.. refusals]);
        }

        foreach (var node in Enumerable.Reverse(TopologicalOrder(settings!)))
        {
            postDominators[node.Id] = PostDominators(node);
        }

        var sequence = ReadSequence(settings!.Targets.GetValueOrDefault(FlowchartMapping.DonePort), stop: null);
        var tree = new JsonObject { [DefinitionTreeKeys.Properties] = Properties(settings), [DefinitionTreeKeys.Sequence] = sequence };
        return refusals.Count > 0 ? Refused(layout, [.. refusals]) : new FlowchartReading(tree, layout, []);
    }

    private static FlowchartReading Refused(JsonObject layout, params FlowchartRefusal[] found) => new(null, layout, found);

    /// <returns>The settings node, or null when there is none.</returns>
    private Node? ReadNodes(JsonArray? activities, JsonObject layout)
    {
        Node? settings = null;
        foreach (var activity in (activities ?? []).OfType<JsonObject>())
        {
            var id = Text(activity, "id");
            var type = Text(activity, "type");
            var stepId = string.IsNullOrWhiteSpace(Text(activity, "name")) ? id : Text(activity, "name")!.Trim();
            if (id is null || stepId is null)
            {
                refusals.Add(new(id, $"An activity of type '{type}' has no id."));
                continue;
            }

            var label = Text(activity["metadata"] as JsonObject, "displayText") is { Length: > 0 } text ? text : stepId;
            var settingsNode = type == DesignerPalette.ActivityType(palette.Settings);
            var entry = settingsNode ? palette.Settings : type is null ? null : palette.FindStep(type);
            if (entry is null)
            {
                refusals.Add(new(id, $"'{label}' is a '{type}' activity, which no {palette.Kind.DisplayName} step is; use the steps under '{palette.Category}'."));
                continue;
            }

            var node = new Node(id, stepId, label, entry, settingsNode ? null : palette.Kind.Steps.Find(entry.Type), activity);
            if (!nodes.TryAdd(id, node))
            {
                refusals.Add(new(id, $"Two activities have the id '{id}'."));
                continue;
            }

            var designer = activity["metadata"]?["designer"]?.DeepClone();
            if (settingsNode)
            {
                if (settings is not null)
                {
                    refusals.Add(new(id, $"'{label}' is a second '{palette.Settings.DisplayName}' node; a flow has one, where it starts."));
                }

                settings = node;
                layout["settings"] = designer;
            }
            else
            {
                layout["steps"]![stepId] = designer;
            }
        }

        return settings;
    }

    private void ReadConnections(JsonArray? connections)
    {
        foreach (var connection in (connections ?? []).OfType<JsonObject>())
        {
            var sourceId = Text(connection["source"] as JsonObject, "activity");
            var port = Text(connection["source"] as JsonObject, "port") ?? FlowchartMapping.DonePort;
            var targetId = Text(connection["target"] as JsonObject, "activity");
            if (sourceId is null || !nodes.TryGetValue(sourceId, out var source) || targetId is null || !nodes.TryGetValue(targetId, out var target))
            {
                refusals.Add(new(sourceId, $"A connection joins '{sourceId}' and '{targetId}', which are not both activities of this flow."));
                continue;
            }

            if (!source.Ports.Contains(port))
            {
                refusals.Add(new(source.Id, $"'{source.Label}' has no port '{port}'; its ports are {string.Join(", ", source.Ports)}."));
            }
            else if (target.IsSettings)
            {
                refusals.Add(new(target.Id, $"'{source.Label}' leads into '{target.Label}', where the flow starts; nothing may lead there."));
            }
            else if (!source.Targets.TryAdd(port, target))
            {
                refusals.Add(new(source.Id, $"'{source.Label}' leads from its port '{port}' to both '{source.Targets[port].Label}' and '{target.Label}'; a port leads to one step."));
            }
            else
            {
                target.Sources.Add(source);
            }
        }
    }

    private void CheckStarts(Node settings)
    {
        foreach (var node in nodes.Values.Where(node => node != settings && node.Sources.Count == 0))
        {
            refusals.Add(node.Targets.Count == 0
                ? new(node.Id, $"'{node.Label}' is not connected: connect a step before it to it.")
                : new(node.Id, $"'{node.Label}' is a second start: nothing leads to it; the flow starts at '{settings.Label}' only."));
        }
    }

    private void CheckCycles(Node settings)
    {
        var state = new Dictionary<Node, bool>(); // false: on the current path; true: done.
        var stack = new Stack<(Node Node, IEnumerator<Node> Next)>();
        foreach (var start in nodes.Values.Prepend(settings).Where(node => !state.ContainsKey(node)))
        {
            state[start] = false;
            stack.Push((start, start.Targets.Values.GetEnumerator()));
            while (stack.Count > 0)
            {
                var (node, next) = stack.Peek();
                if (!next.MoveNext())
                {
                    state[node] = true;
                    stack.Pop();
                    continue;
                }

                var target = next.Current;
                if (!state.TryGetValue(target, out var done))
                {
                    state[target] = false;
                    stack.Push((target, target.Targets.Values.GetEnumerator()));
                }
                else if (!done)
                {
                    refusals.Add(new(target.Id, $"'{target.Label}' leads back to itself through '{node.Label}': a flow has no cycles."));
                    return;
                }
            }
        }
    }

    /// <summary>Every node reachable from the start, each before the nodes it leads to.</summary>
    private List<Node> TopologicalOrder(Node start)
    {
        var postOrder = new List<Node>();
        var seen = new HashSet<Node>();
        void Visit(Node node)
        {
            if (!seen.Add(node))
            {
                return;
            }

            foreach (var target in node.Targets.Values)
            {
                Visit(target);
            }

            postOrder.Add(node);
        }

        Visit(start);
        postOrder.Reverse();
        for (var index = 0; index < postOrder.Count; index++)
        {
            order[postOrder[index].Id] = index;
        }

        return postOrder;
    }

    /// <summary>The nodes every path from <paramref name="node"/> passes; null stands for "every node": the path ends the flow.</summary>
    private HashSet<string>? PostDominators(Node node)
    {
        HashSet<string>? common = null;
        var everyPathEnds = true;
        foreach (var port in node.Ports)
        {
            HashSet<string>? after;
            if (node.Targets.TryGetValue(port, out var target))
            {
                after = postDominators[target.Id];
            }
            else if (node.Type is { BranchNames.Count: 0 } && EndsFlow(node))
            {
                continue;
            }
            else
            {
                after = [Exit];
            }

            if (after is null)
            {
                continue;
            }

            everyPathEnds = false;
            common = common is null ? [.. after] : [.. common.Intersect(after)];
        }

        if (everyPathEnds)
        {
            return null;
        }

        common!.Add(node.Id);
        return common;
    }

    private static bool EndsFlow(Node node) => node.Type is { } type && type.EndsFlow(AsDefinitionStep(node));

    /// <summary>Where the branches of <paramref name="node"/> rejoin: its nearest post-dominator, or null when they never do.</summary>
    private Node? Join(Node node) =>
        postDominators[node.Id] is { } dominators
            ? dominators.Where(id => id != node.Id && id != Exit).OrderBy(id => order[id]).Select(id => nodes[id]).FirstOrDefault()
            : null;

    private JsonArray ReadSequence(Node? first, Node? stop)
    {
        var sequence = new JsonArray();
        for (var node = first; node is not null && node != stop;)
        {
            if (!visited.Add(node.Id))
            {
                var from = string.Join(", ", node.Sources.Select(source => $"'{source.Label}'"));
                refusals.Add(new(node.Id, $"'{node.Label}' is reached from {from}, which are not the branches of one step rejoining; branches rejoin only at the step right after their branching step."));
                return sequence;
            }

            if (node.Type is { BranchNames.Count: > 0 } type)
            {
                var join = Join(node);
                var branches = new JsonObject();
                foreach (var name in type.BranchNames)
                {
                    branches[name] = ReadSequence(node.Targets.GetValueOrDefault(name), join);
                }

                sequence.Add(Step(node, branches));
                node = join;
            }
            else
            {
                sequence.Add(Step(node, null));
                node = node.Targets.GetValueOrDefault(FlowchartMapping.DonePort);
            }
        }

        return sequence;
    }

    private static JsonObject Step(Node node, JsonObject? branches)
    {
        var step = new JsonObject
        {
            [DefinitionTreeKeys.Id] = node.StepId,
            [DefinitionTreeKeys.ComponentType] = node.Type!.ComponentType,
            [DefinitionTreeKeys.Type] = node.Entry.Type,
            [DefinitionTreeKeys.Name] = node.Label,
            [DefinitionTreeKeys.Properties] = Properties(node),
        };
        if (branches is not null)
        {
            step[DefinitionTreeKeys.Branches] = branches;
        }

        return step;
    }

    private static DefinitionStep AsDefinitionStep(Node node)
    {
        using var properties = System.Text.Json.JsonDocument.Parse(Properties(node).ToJsonString());
        return new DefinitionStep(node.StepId, node.Type!.ComponentType, node.Entry.Type, node.Label, properties.RootElement.Clone(), [], string.Empty);
    }

    private static JsonObject Properties(Node node)
    {
        var properties = new JsonObject();
        foreach (var field in node.Entry.Fields)
        {
            if (FlowchartMapping.TreeValue(field, node.Activity[field.Name]) is { } value)
            {
                properties[field.Name] = value;
            }
        }

        return properties;
    }

    private static string? Text(JsonObject? json, string name) =>
        json?[name] is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : null;

    /// <param name="id">The activity's id in the flowchart, which connections name.</param>
    /// <param name="stepId">The step's id in the tree: the activity's name in the designer.</param>
    /// <param name="label">How the designer labels it, for messages: the step's name.</param>
    /// <param name="type">The step type; null for the settings node.</param>
    private sealed class Node(string id, string stepId, string label, PaletteEntry entry, StepType? type, JsonObject activity)
    {
        public string Id { get; } = id;

        public string StepId { get; } = stepId;

        public string Label { get; } = label;

        public PaletteEntry Entry { get; } = entry;

        public StepType? Type { get; } = type;

        public JsonObject Activity { get; } = activity;

        public bool IsSettings => Type is null;

        public IReadOnlyList<string> Ports => Type is { BranchNames.Count: > 0 } ? Type.BranchNames : [FlowchartMapping.DonePort];

        public Dictionary<string, Node> Targets { get; } = new(StringComparer.Ordinal);

        public List<Node> Sources { get; } = [];
    }
}

using System.Text.Json;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Activities.Management.Definitions;

/// <summary>
/// Reads JSON into a <see cref="DefinitionTree"/>. It checks only the shape every designer tree has (objects,
/// arrays and string fields where the format puts them); what the steps mean is the step catalogue's job.
/// JSON that fails here is not a tree at all, so it is never stored, not even as a draft.
/// </summary>
public static class DefinitionTreeReader
{
    public static DefinitionTree? Read(JsonElement json, DefinitionProblems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (json.ValueKind != JsonValueKind.Object)
        {
            problems.AddForTree(string.Empty, $"The definition must be a JSON object with '{DefinitionTreeKeys.Properties}' and '{DefinitionTreeKeys.Sequence}'.");
            return null;
        }

        var before = problems.All.Count;
        var properties = Member(json, DefinitionTreeKeys.Properties);
        if (properties.ValueKind != JsonValueKind.Object)
        {
            problems.AddForTree(DefinitionTreeKeys.Properties, $"'{DefinitionTreeKeys.Properties}' must be a JSON object.");
        }

        var sequence = ReadSequence(Member(json, DefinitionTreeKeys.Sequence), DefinitionTreeKeys.Sequence, problems);
        return problems.All.Count > before ? null : new DefinitionTree(properties, sequence);
    }

    private static List<DefinitionStep> ReadSequence(JsonElement array, string path, DefinitionProblems problems)
    {
        var steps = new List<DefinitionStep>();
        if (array.ValueKind != JsonValueKind.Array)
        {
            problems.AddForTree(path, $"'{path}' must be a JSON array of steps.");
            return steps;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (ReadStep(item, $"{path}[{index}]", problems) is { } step)
            {
                steps.Add(step);
            }

            index++;
        }

        return steps;
    }

    private static DefinitionStep? ReadStep(JsonElement json, string path, DefinitionProblems problems)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            problems.AddForTree(path, "A step must be a JSON object.");
            return null;
        }

        var before = problems.All.Count;
        var id = ReadString(json, DefinitionTreeKeys.Id, stepId: null, path, problems);
        var componentType = ReadString(json, DefinitionTreeKeys.ComponentType, id, path, problems);
        var type = ReadString(json, DefinitionTreeKeys.Type, id, path, problems);
        var name = ReadString(json, DefinitionTreeKeys.Name, id, path, problems);
        var properties = Member(json, DefinitionTreeKeys.Properties);
        if (properties.ValueKind != JsonValueKind.Object)
        {
            problems.Add(id, $"{path}.{DefinitionTreeKeys.Properties}", $"'{DefinitionTreeKeys.Properties}' must be a JSON object.");
        }

        var branches = ReadBranches(json, id, path, problems);
        return problems.All.Count > before
            ? null
            : new DefinitionStep(id!, componentType!, type!, name!, properties, branches, path);
    }

    /// <summary>Branches are optional: a step without them is a plain task.</summary>
    private static List<DefinitionBranch> ReadBranches(JsonElement step, string? stepId, string path, DefinitionProblems problems)
    {
        var branches = new List<DefinitionBranch>();
        var json = Member(step, DefinitionTreeKeys.Branches);
        if (json.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return branches;
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            problems.Add(stepId, $"{path}.{DefinitionTreeKeys.Branches}", $"'{DefinitionTreeKeys.Branches}' must be a JSON object of named step arrays.");
            return branches;
        }

        foreach (var branch in json.EnumerateObject())
        {
            branches.Add(new DefinitionBranch(branch.Name, ReadSequence(branch.Value, $"{path}.{DefinitionTreeKeys.Branches}.{branch.Name}", problems)));
        }

        return branches;
    }

    private static string? ReadString(JsonElement step, string name, string? stepId, string path, DefinitionProblems problems)
    {
        var value = Member(step, name);
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        problems.Add(stepId, $"{path}.{name}", $"'{name}' must be a string.");
        return null;
    }

    private static JsonElement Member(JsonElement json, string name) => json.TryGetProperty(name, out var value) ? value : default;
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace HelperPlatform.Host.Management.Designer;

/// <summary>
/// What Elsa Studio lets a manager set that our definitions do not have: the workflow's description, variables,
/// inputs, outputs and outcomes, its strategies and "usable as activity", and custom properties (log persistence,
/// an activity's commit strategy and the like). A save that sets any of them is refused naming the field, rather
/// than saved without it; the defaults Studio sends (null, false, empty) are no setting.
/// </summary>
internal static class StudioOnlySettings
{
    private const string NotStored = "is not stored: our definitions have no such setting, and the workflows would never see it.";

    private static readonly (string Field, string Label)[] Lists =
    [
        ("variables", "Variables"),
        ("inputs", "Workflow inputs"),
        ("outputs", "Workflow outputs"),
        ("outcomes", "Workflow outcomes"),
    ];

    private static readonly (string Field, string Label)[] Options =
    [
        ("usableAsActivity", "\"Usable as activity\""),
        ("autoUpdateConsumingWorkflows", "\"Auto-update consuming workflows\""),
        ("activationStrategyType", "The activation strategy"),
        ("incidentStrategyType", "The incident handling strategy"),
        ("commitStrategyName", "The commit strategy"),
        ("activityCategory", "The activity category"),
    ];

    /// <summary>Each setting the model carries that a save would drop, by its field, with what to do instead.</summary>
    public static IEnumerable<(string Field, string Message)> Find(JsonObject model)
    {
        if (IsSet(model["description"]))
        {
            yield return ("model.description",
                $"The workflow's description {NotStored} Clear it (a service type's own description is a field of its Service type node).");
        }

        foreach (var (field, label) in Lists.Where(list => IsSet(model[list.Field])))
        {
            yield return ($"model.{field}", $"{label} ({Names(model[field])}) are not stored: our definitions have none, and the workflows would never see them. Remove them to save.");
        }

        var options = model["options"] as JsonObject;
        foreach (var (field, label) in Options.Where(option => IsSet(options?[option.Field])))
        {
            yield return ($"model.options.{field}", $"{label} {NotStored} Set it back to its default to save.");
        }

        foreach (var (key, _) in (model["customProperties"] as JsonObject ?? []).Where(property => IsSet(property.Value)))
        {
            yield return ($"model.customProperties.{key}", $"The workflow setting '{key}' {NotStored} Set it back to its default to save.");
        }

        var activities = model["root"]?["activities"] as JsonArray ?? [];
        foreach (var activity in activities.OfType<JsonObject>())
        {
            var name = activity["name"]?.GetValueKind() == JsonValueKind.String ? activity["name"]!.GetValue<string>() : "?";
            foreach (var (key, _) in (activity["customProperties"] as JsonObject ?? []).Where(property => IsSet(property.Value)))
            {
                yield return ($"model.root.activities[{name}].customProperties.{key}",
                    $"'{name}': the setting '{key}' {NotStored} Set it back to its default to save.");
            }
        }
    }

    /// <summary>Null, false, an empty text, list or object, and zero are Studio's defaults, not settings.</summary>
    private static bool IsSet(JsonNode? value) => value switch
    {
        null => false,
        JsonArray array => array.Count > 0,
        JsonObject json => json.Count > 0,
        _ => value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.String => value.GetValue<string>().Trim().Length > 0,
            JsonValueKind.Number => value.GetValue<decimal>() != 0,
            _ => false,
        },
    };

    private static string Names(JsonNode? list) => string.Join(", ", (list as JsonArray ?? []).Select(item =>
        item?["name"] is JsonValue name && name.GetValueKind() == JsonValueKind.String ? $"'{name.GetValue<string>()}'" : "unnamed"));
}

using System.Text.Json;
using HelperPlatform.Workflows.Management;

namespace HelperPlatform.Activities.Management.Definitions;

/// <summary>
/// Reads the <c>properties</c> object of a step or of the tree, reporting every missing or mistyped value
/// with its path and step id instead of stopping at the first.
/// </summary>
public sealed class PropertyReader
{
    private readonly JsonElement json;
    private readonly string? stepId;
    private readonly DefinitionProblems problems;

    private PropertyReader(JsonElement json, string path, string? stepId, DefinitionProblems problems)
    {
        this.json = json;
        Path = path;
        this.stepId = stepId;
        this.problems = problems;
    }

    public string Path { get; }

    public static PropertyReader ForStep(DefinitionStep step, DefinitionProblems problems)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new PropertyReader(step.Properties, $"{step.Path}.{DefinitionTreeKeys.Properties}", step.Id, problems);
    }

    public static PropertyReader ForTree(DefinitionTree tree, DefinitionProblems problems)
    {
        ArgumentNullException.ThrowIfNull(tree);
        return new PropertyReader(tree.Properties, DefinitionTreeKeys.Properties, stepId: null, problems);
    }

    public void Problem(string name, string message) => problems.Add(stepId, $"{Path}.{name}", message);

    /// <summary>A required, non-blank string of at most <paramref name="maxLength"/> characters.</summary>
    public string? Text(string name, int maxLength)
    {
        var value = Member(name);
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            Problem(name, value.ValueKind == JsonValueKind.Undefined ? $"'{name}' is required." : $"'{name}' must be a non-empty string.");
            return null;
        }

        var text = value.GetString()!;
        if (text.Length > maxLength)
        {
            Problem(name, $"'{name}' must be at most {maxLength} characters.");
            return null;
        }

        return text;
    }

    /// <summary>A required whole number; range rules with their own wording are the caller's.</summary>
    public int? WholeNumber(string name)
    {
        var value = Member(name);
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        Problem(name, value.ValueKind == JsonValueKind.Undefined ? $"'{name}' is required." : $"'{name}' must be a whole number.");
        return null;
    }

    public int? WholeNumber(string name, int min, int max)
    {
        var number = WholeNumber(name);
        if (number is { } value && (value < min || value > max))
        {
            Problem(name, $"'{name}' must be between {min} and {max}.");
            return null;
        }

        return number;
    }

    /// <summary>A required JSON number read straight into a decimal (never through double, so 0.1 stays 0.1).</summary>
    public decimal? Number(string name)
    {
        var value = Member(name);
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
        {
            return number;
        }

        Problem(name, value.ValueKind == JsonValueKind.Undefined ? $"'{name}' is required." : $"'{name}' must be a number.");
        return null;
    }

    /// <summary>
    /// A required ISO 8601 duration in days, hours, minutes and seconds (see <see cref="IsoDuration"/>), above
    /// zero and at most <paramref name="max"/>.
    /// </summary>
    public TimeSpan? Duration(string name, TimeSpan max)
    {
        if (Text(name, 32) is not { } text)
        {
            return null;
        }

        if (IsoDuration.TryParse(text, out var duration) && duration > TimeSpan.Zero && duration <= max)
        {
            return duration;
        }

        Problem(name, $"'{name}' must be an ISO 8601 duration in days, hours, minutes or seconds (e.g. 'P14D', 'PT72H'), above zero and at most {Describe(max)}.");
        return null;
    }

    public bool Has(string name) => Member(name).ValueKind != JsonValueKind.Undefined;

    /// <summary>The raw value without any check or problem, for rules across properties that are reported elsewhere.</summary>
    public JsonElement Peek(string name) => Member(name);

    /// <summary>A required array of objects, each as a reader of its own at <c>name[i]</c>.</summary>
    public IReadOnlyList<PropertyReader>? Objects(string name)
    {
        var value = Member(name);
        if (value.ValueKind != JsonValueKind.Array)
        {
            Problem(name, value.ValueKind == JsonValueKind.Undefined ? $"'{name}' is required." : $"'{name}' must be an array.");
            return null;
        }

        var readers = new List<PropertyReader>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var path = $"{Path}.{name}[{index++}]";
            if (item.ValueKind == JsonValueKind.Object)
            {
                readers.Add(new PropertyReader(item, path, stepId, problems));
            }
            else
            {
                problems.Add(stepId, path, "Each item must be a JSON object.");
            }
        }

        return readers;
    }

    /// <summary>A required array of strings.</summary>
    public IReadOnlyList<string>? Strings(string name)
    {
        var value = Member(name);
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
        {
            Problem(name, value.ValueKind == JsonValueKind.Undefined ? $"'{name}' is required." : $"'{name}' must be an array of strings.");
            return null;
        }

        return [.. value.EnumerateArray().Select(item => item.GetString()!)];
    }

    /// <summary>Reports properties the format does not define, so a misspelt name is not silently ignored.</summary>
    public void AllowOnly(params IReadOnlyList<string> names)
    {
        foreach (var property in json.EnumerateObject().Where(property => !names.Contains(property.Name)))
        {
            Problem(property.Name, $"'{property.Name}' is not a known property here; expected: {string.Join(", ", names)}.");
        }
    }

    private JsonElement Member(string name) => json.TryGetProperty(name, out var value) ? value : default;

    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays) ? $"{span.TotalDays} days" : $"{span.TotalHours} hours";
}

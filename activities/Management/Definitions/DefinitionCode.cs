using System.Text.RegularExpressions;

namespace HelperPlatform.Activities.Management.Definitions;

/// <summary>Codes that appear in URLs and other definitions: lowercase words joined by hyphens, e.g. <c>cookie-delivery</c>.</summary>
public static partial class DefinitionCode
{
    public const string FormatDescription = "lowercase letters and digits in words joined by single hyphens (e.g. 'cookie-delivery'), at most 64 characters";

    public static bool IsValid(string? code) =>
        code is { Length: > 0 and <= DefinitionModel.MaxCodeLength } && Pattern().IsMatch(code);

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

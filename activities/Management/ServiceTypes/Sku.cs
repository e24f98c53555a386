using System.Text.RegularExpressions;

namespace HelperPlatform.Activities.Management.ServiceTypes;

/// <summary>Warehouse stock-keeping units as service types name them, e.g. <c>COOKIE-BOX-12</c>.</summary>
public static partial class Sku
{
    public const string FormatDescription = "uppercase letters and digits in words joined by single hyphens (e.g. 'COOKIE-BOX-12'), at most 64 characters";

    public static bool IsValid(string? sku) => sku is { Length: > 0 and <= 64 } && Pattern().IsMatch(sku);

    [GeneratedRegex("^[A-Z0-9]+(?:-[A-Z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

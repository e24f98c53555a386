using System.Globalization;
using System.Text.RegularExpressions;

namespace HelperPlatform.Host.Platform.Http;

/// <summary>Instants in request bodies: ISO 8601 text with an explicit offset, refused by field name otherwise.</summary>
public static partial class RequestInstants
{
    /// <returns>The instant, or null after adding the field's error.</returns>
    public static DateTimeOffset? Parse(string? text, string field, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (text is not null && WithOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant;
        }

        errors.Add(field, $"'{field}' is required: an ISO 8601 date and time with an offset, e.g. '2026-11-28T10:00:00+01:00' or '2026-11-28T09:00:00Z'.");
        return null;
    }

    /// <summary>A date, a time and an explicit offset: without one the server's zone would silently decide the instant.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex WithOffset();
}

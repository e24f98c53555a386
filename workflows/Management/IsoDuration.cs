using System.Globalization;
using System.Text.RegularExpressions;

namespace HelperPlatform.Workflows.Management;

/// <summary>
/// ISO 8601 durations in days, hours, minutes and seconds (<c>P14D</c>, <c>PT72H</c>, <c>P1DT12H</c>).
/// Months and years are refused: their length depends on the calendar, and a deadline must mean one span.
/// Here so that validation and the workflows that start the timers read a duration the same way.
/// </summary>
public static partial class IsoDuration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = text is null ? Match.Empty : Pattern().Match(text);
        // "P" and a trailing "T" match the pattern but name no span.
        if (!match.Success || text == "P" || text!.EndsWith('T'))
        {
            return false;
        }

        duration = TimeSpan.FromDays(Part(match, "days"))
            + TimeSpan.FromHours(Part(match, "hours"))
            + TimeSpan.FromMinutes(Part(match, "minutes"))
            + TimeSpan.FromSeconds(Part(match, "seconds"));
        return true;
    }

    private static int Part(Match match, string name) =>
        match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;

    // At most six digits per part, so the sum cannot overflow a TimeSpan.
    [GeneratedRegex(@"^P(?:(?<days>\d{1,6})D)?(?:T(?:(?<hours>\d{1,6})H)?(?:(?<minutes>\d{1,6})M)?(?:(?<seconds>\d{1,6})S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

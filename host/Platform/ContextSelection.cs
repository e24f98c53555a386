using HelperPlatform.Workflows.Platform;

namespace HelperPlatform.Host.Platform;

/// <summary>
/// The bounded contexts this process runs: all of them by default (one process), or the subset named in
/// <c>Platform:Contexts</c> / <c>--contexts</c>, so the same build runs as one service per context.
/// </summary>
public sealed class ContextSelection
{
    public const string ConfigurationKey = "Platform:Contexts";

    private ContextSelection(IReadOnlyList<BoundedContext> contexts) => Contexts = contexts;

    public IReadOnlyList<BoundedContext> Contexts { get; }

    public bool Runs(BoundedContext context) => Contexts.Contains(context);

    /// <exception cref="InvalidOperationException">A name is not one of the seven contexts.</exception>
    public static ContextSelection Parse(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting) || setting.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return new ContextSelection(BoundedContexts.All);
        }

        var selected = new List<BoundedContext>();
        foreach (var name in setting.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!BoundedContexts.TryParse(name, out var context))
            {
                throw new InvalidOperationException(
                    $"{ConfigurationKey} names an unknown context '{name}'. Use 'all' or a comma-separated list of: " +
                    string.Join(", ", BoundedContexts.All) + ".");
            }

            if (!selected.Contains(context))
            {
                selected.Add(context);
            }
        }

        return new ContextSelection(selected.Order().ToList());
    }
}

namespace HelperPlatform.Workflows.Platform;

/// <summary>Names derived from a bounded context, so every layer spells them the same way.</summary>
public static class BoundedContexts
{
    public static IReadOnlyList<BoundedContext> All { get; } = Enum.GetValues<BoundedContext>();

    /// <summary>The Temporal task queue a context's workers poll, e.g. <c>helperplatform-ordering</c>.</summary>
    public static string TaskQueue(this BoundedContext context) => $"helperplatform-{Slug(context)}";

    /// <summary>The PostgreSQL schema a context owns; no other context reads its tables.</summary>
    public static string Schema(this BoundedContext context) => Slug(context);

    public static bool TryParse(string name, out BoundedContext context) =>
        Enum.TryParse(name.Trim(), ignoreCase: true, out context) && Enum.IsDefined(context);

    private static string Slug(BoundedContext context) => context.ToString().ToLowerInvariant();
}

namespace HelperPlatform.Host.Platform;

/// <summary>
/// A context's part of the ops runtime report (<c>GET /api/ops/runtime</c>), registered by the context's module, so
/// the report shows what ops must see of a context without the platform knowing the context.
/// </summary>
public interface IRuntimeReport
{
    /// <summary>The report's property in the answer, e.g. <c>orderStatusWaits</c>.</summary>
    string Name { get; }

    /// <summary>What the report shows now; serialized as its runtime type.</summary>
    object Read();
}

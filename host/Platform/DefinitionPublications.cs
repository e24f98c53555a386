namespace HelperPlatform.Host.Platform;

/// <summary>
/// Tells the contexts running in this process that Management published a definition version, so a cache of
/// "the latest version" refreshes at once instead of at the end of its period. Processes that run other
/// contexts do not hear it; their caches say how stale they may be.
/// </summary>
public sealed class DefinitionPublications
{
    public event Action<string, string>? Published;

    /// <param name="kind">The definition kind's name, e.g. <c>service-type</c>.</param>
    /// <param name="code">The definition's code.</param>
    public void Announce(string kind, string code) => Published?.Invoke(kind, code);
}

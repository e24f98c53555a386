using System.Reflection;

namespace HelperPlatform.Host.Management.Designer;

public sealed class DesignerSettings
{
    public const string Section = "Management:Designer";

    /// <summary>
    /// The folder of the installed npm package <c>@elsa-workflows/elsa-studio-wasm</c>. Empty: where the build installed
    /// it (<c>designer/node_modules/…</c> beside the host project, recorded in the assembly by the project file).
    /// </summary>
    public string StudioDirectory { get; set; } = string.Empty;

    /// <summary>Read from the assembly once: Studio's files are served one request each.</summary>
    private static readonly Lazy<string> BuiltStudioDirectory = new(() => typeof(DesignerSettings).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "DesignerStudioDirectory").Value!);

    public string ResolvedStudioDirectory => StudioDirectory.Length > 0 ? StudioDirectory : BuiltStudioDirectory.Value;
}

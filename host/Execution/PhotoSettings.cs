namespace HelperPlatform.Host.Execution;

/// <summary>The <c>Execution:Photos</c> section: limits of one photo report upload.</summary>
public sealed class PhotoSettings
{
    public const string Section = "Execution:Photos";

    /// <summary>Largest accepted image; a phone photo at reasonable quality fits well inside.</summary>
    public int MaxPhotoBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Most images in one upload; the order's step may ask for fewer (its <c>maxPhotos</c>, at most 20).</summary>
    public int MaxPhotos { get; set; } = 20;
}

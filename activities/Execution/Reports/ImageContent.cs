using System.Buffers.Binary;

namespace HelperPlatform.Activities.Execution.Reports;

/// <summary>
/// Tells what image, if any, a file is from its bytes; the name and the declared content type are the
/// client's word and are ignored. Beyond the signature it checks the structure a decoder starts from (a PNG's
/// header chunk and dimensions, a JPEG's first segment and end marker, a WebP's RIFF length), so a text file
/// renamed to .jpg or a truncated upload is refused.
/// </summary>
public static class ImageContent
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <returns>The content type, or null when the bytes are not a JPEG, PNG or WebP image.</returns>
    public static string? Detect(ReadOnlySpan<byte> content)
    {
        if (IsPng(content))
        {
            return "image/png";
        }

        if (IsJpeg(content))
        {
            return "image/jpeg";
        }

        return IsWebP(content) ? "image/webp" : null;
    }

    private static bool IsPng(ReadOnlySpan<byte> content) =>
        content.Length >= 33
        && content[..8].SequenceEqual(PngSignature)
        && BinaryPrimitives.ReadUInt32BigEndian(content[8..]) == 13
        && content[12..16].SequenceEqual("IHDR"u8)
        && BinaryPrimitives.ReadUInt32BigEndian(content[16..]) > 0
        && BinaryPrimitives.ReadUInt32BigEndian(content[20..]) > 0;

    /// <summary>Start of image, then a marker segment, and the end-of-image marker at the end.</summary>
    private static bool IsJpeg(ReadOnlySpan<byte> content) =>
        content.Length >= 6
        && content[0] == 0xFF && content[1] == 0xD8 && content[2] == 0xFF
        && content[3] is >= 0xC0 and not 0xFF
        && content[^2] == 0xFF && content[^1] == 0xD9;

    /// <summary>A RIFF container of type WEBP whose declared length is the file's.</summary>
    private static bool IsWebP(ReadOnlySpan<byte> content) =>
        content.Length >= 16
        && content[..4].SequenceEqual("RIFF"u8)
        && content[8..12].SequenceEqual("WEBP"u8)
        && content[12..15].SequenceEqual("VP8"u8)
        && BinaryPrimitives.ReadUInt32LittleEndian(content[4..]) == content.Length - 8;
}

using System.Security.Cryptography;
using System.Text.Json;

namespace HelperPlatform.Host.Identity;

/// <summary>
/// The generated passwords of the development accounts, one file per machine and user (mode 0600), so they stay
/// the same across restarts, with a new embedded database (<c>--ephemeral</c>, a deleted data directory) too. By default
/// <c>$XDG_DATA_HOME/helperplatform/development-passwords.json</c> (<c>~/.local/share/helperplatform/…</c>);
/// <c>DevelopmentPasswordsFile</c> names another.
/// </summary>
public sealed class DevelopmentPasswordFile(string path)
{
    public const string ConfigurationKey = "DevelopmentPasswordsFile";
    private const int Attempts = 50;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string Path { get; } = path;

    public static string DefaultPath => System.IO.Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
        "helperplatform",
        "development-passwords.json");

    public static DevelopmentPasswordFile From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[ConfigurationKey];
        return new DevelopmentPasswordFile(string.IsNullOrWhiteSpace(configured) ? DefaultPath : configured);
    }

    /// <summary>The password kept for <paramref name="email"/>, generated and kept first when there is none.</summary>
    public async Task<string> PasswordForAsync(string email, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ReadOrAddAsync(email, cancellationToken);
            }
            catch (IOException) when (attempt < Attempts && File.Exists(Path))
            {
                // Another host of this machine is starting and holds the file for a moment.
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private async Task<string> ReadOrAddAsync(string email, CancellationToken cancellationToken)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        // Held alone from the read to the write, so two hosts starting at once agree on one password.
        await using var file = new FileStream(Path, options);
        var passwords = file.Length == 0
            ? new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            : new SortedDictionary<string, string>(
                await JsonSerializer.DeserializeAsync<Dictionary<string, string>>(file, cancellationToken: cancellationToken)
                    ?? throw new InvalidDataException($"{Path} does not hold development passwords; remove it to start over."),
                StringComparer.OrdinalIgnoreCase);
        if (passwords.TryGetValue(email, out var kept))
        {
            return kept;
        }

        // Hex: long enough for the password policy and safe to paste into a shell or a JSON body.
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        passwords[email] = password;
        file.SetLength(0);
        await JsonSerializer.SerializeAsync(file, passwords, Indented, cancellationToken);
        return password;
    }
}

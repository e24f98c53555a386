namespace HelperPlatform.Host.Platform.Postgres;

/// <summary>Finds the PostgreSQL server programs (initdb, pg_ctl) installed on this machine.</summary>
public static class PostgresBinaries
{
    public const string InstallHint =
        "PostgreSQL server binaries (initdb, pg_ctl) were not found: install them with `sudo apt-get install -y postgresql` " +
        "or set ConnectionStrings__Platform to an existing server.";

    /// <summary>The directory holding initdb and pg_ctl, or null: <paramref name="preferredMajor"/>'s when it is installed, else PATH's, else the newest major version.</summary>
    /// <param name="preferredMajor">The major version a kept cluster was made by, which only its own binaries can run.</param>
    public static string? FindDirectory(string? preferredMajor = null)
    {
        var candidates = new List<string>();
        // Debian and Ubuntu keep the server programs off PATH, one directory per major version.
        const string debianRoot = "/usr/lib/postgresql";
        // Digits only: the version comes from a file in the data directory and must not steer the search elsewhere.
        if (preferredMajor is { Length: > 0 } && preferredMajor.All(char.IsAsciiDigit))
        {
            candidates.Add(Path.Combine(debianRoot, preferredMajor, "bin"));
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        if (Directory.Exists(debianRoot))
        {
            candidates.AddRange(Directory.GetDirectories(debianRoot)
                .OrderByDescending(dir => int.TryParse(Path.GetFileName(dir), out var major) ? major : 0)
                .Select(dir => Path.Combine(dir, "bin")));
        }

        return candidates.FirstOrDefault(dir =>
            File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")));
    }
}

using System.Globalization;
using Npgsql;

namespace HelperPlatform.Tests.Faults;

/// <summary>The host's embedded PostgreSQL cluster kept in a data directory, as a test reaches it from outside the host.</summary>
internal static class KeptCluster
{
    /// <summary>
    /// The platform's database in the cluster kept in <paramref name="dataDirectory"/>, as the host reaches it: the
    /// socket in the data directory, the port in postmaster.pid (a new one at every start).
    /// </summary>
    public static string ConnectionString(string dataDirectory) => new NpgsqlConnectionStringBuilder
    {
        Host = dataDirectory,
        // postmaster.pid: pid, data directory, start time, port, ...
        Port = int.Parse(File.ReadLines(Path.Combine(dataDirectory, "data", "postmaster.pid")).ElementAt(3), CultureInfo.InvariantCulture),
        Username = "postgres",
        Password = File.ReadAllText(Path.Combine(dataDirectory, "password")).Trim(),
        Database = "helperplatform",
    }.ConnectionString;
}

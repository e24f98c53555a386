using System.Globalization;
using System.Text;

namespace HelperPlatform.Host.Identity;

/// <summary>
/// Who can sign in to a development start, printed once as one block when the host listens: the development staff
/// accounts and the demo's people (<c>--demo</c>). Printed only when some password came from the
/// <see cref="DevelopmentPasswordFile"/>: whoever configured every password knows them.
/// </summary>
public sealed class SignInSheet
{
    private readonly List<(string Role, string Email, string? Password, string? Note)> entries = [];
    private readonly Lock gate = new();

    /// <summary>The file the shown passwords are kept in.</summary>
    public string? PasswordFile { get; set; }

    /// <param name="password">The password to show; null for one set in configuration, which is not repeated.</param>
    /// <param name="note">What else to know about the account, e.g. where a demo worker works.</param>
    public void Add(string role, string email, string? password, string? note = null)
    {
        lock (gate)
        {
            entries.RemoveAll(entry => string.Equals(entry.Email, email, StringComparison.OrdinalIgnoreCase));
            entries.Add((role, email, password, note));
        }
    }

    /// <param name="temporalWebUi">The embedded dev server's Temporal Web UI, for ops; null without one.</param>
    /// <returns>The block, or null when there is nothing to show.</returns>
    public string? Render(IEnumerable<string> urls, string? temporalWebUi = null)
    {
        lock (gate)
        {
            if (!entries.Any(entry => entry.Password is not null))
            {
                return null;
            }

            var rule = new string('=', 100);
            var block = new StringBuilder().AppendLine().AppendLine(rule);
            foreach (var url in urls)
            {
                block.AppendLine(CultureInfo.InvariantCulture, $" HelperPlatform serves {url}: API reference {url}/scalar, OpenAPI {url}/openapi/v1.json, health {url}/health/ready");
            }

            if (temporalWebUi is not null)
            {
                block.AppendLine(CultureInfo.InvariantCulture, $" Temporal Web UI (every workflow, for ops; it has no sign-in): {temporalWebUi}");
            }

            block.AppendLine(" Sign in with POST /api/auth/login {\"email\": …, \"password\": …} as:");
            var emailWidth = entries.Max(entry => entry.Email.Length);
            foreach (var (role, email, password, note) in entries)
            {
                block.AppendLine(CultureInfo.InvariantCulture, $"   {role,-10} {email.PadRight(emailWidth)}  {password ?? "(its configured password)"}{(note is null ? string.Empty : $"  {note}")}");
            }

            if (PasswordFile is not null)
            {
                block.AppendLine(CultureInfo.InvariantCulture, $" These passwords stay the same on this machine: they are kept in {PasswordFile}.");
            }

            return block.AppendLine(rule).ToString();
        }
    }
}

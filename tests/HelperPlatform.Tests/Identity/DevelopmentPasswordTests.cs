using System.Runtime.Versioning;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Host.Identity;
using HelperPlatform.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Identity;

/// <summary>Development staff passwords that are not configured are generated once per machine and kept (README, "Configuration").</summary>
public sealed class DevelopmentPasswordTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("helperplatform-passwords-").FullName;

    private string FilePath => Path.Combine(directory, "helperplatform", "development-passwords.json");

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task PasswordFor_AnEmail_IsGeneratedOnce_KeptForEveryReader_InAFileOnlyItsOwnerReads()
    {
        var first = await new DevelopmentPasswordFile(FilePath).PasswordForAsync("manager@example.test", CancellationToken.None);
        var again = await new DevelopmentPasswordFile(FilePath).PasswordForAsync("Manager@Example.test", CancellationToken.None);
        var other = await new DevelopmentPasswordFile(FilePath).PasswordForAsync("ops@example.test", CancellationToken.None);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Matches("^[0-9a-f]{24}$", first);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(FilePath)!));
    }

    [Fact]
    public async Task PasswordFor_AskedByManyAtOnce_IsOnePassword()
    {
        var passwords = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => new DevelopmentPasswordFile(FilePath).PasswordForAsync("warehouse@example.test", CancellationToken.None))));

        Assert.Single(passwords.Distinct());
    }

    [Fact]
    public async Task DevelopmentAccount_WithoutAPassword_SignsInWithTheSamePassword_AfterARestartOnANewDatabase()
    {
        string[] settings = [$"DevelopmentPasswordsFile={FilePath}", "DevelopmentAccounts:3:Email=kept@example.test", "DevelopmentAccounts:3:Role=manager"];
        string password;
        await using (var first = await PlatformHost.StartAsync(settings))
        {
            password = await new DevelopmentPasswordFile(FilePath).PasswordForAsync("kept@example.test", CancellationToken.None);
            using var client = first.CreateClient();
            await PlatformHost.SignInAsync(client, "kept@example.test", password);
            var sheet = first.Services.GetRequiredService<SignInSheet>().Render([first.Address.ToString()])!;
            Assert.Matches($@"manager\s+kept@example\.test\s+{password}", sheet);
            Assert.Contains(FilePath, sheet, StringComparison.Ordinal);
            Assert.Matches(@"ops\s+ops@staff\.test\s+\(its configured password\)", sheet);
        }

        await using var restarted = await PlatformHost.StartAsync(settings);
        using var again = restarted.CreateClient();
        var token = await PlatformHost.SignInAsync(again, "kept@example.test", password);

        Assert.False(string.IsNullOrEmpty(token.AccessToken));
    }

    [Fact]
    public void SignInSheet_WithOnlyConfiguredPasswords_ShowsNothing()
    {
        var sheet = new SignInSheet();
        sheet.Add(PlatformRoles.Manager, "manager@example.test", password: null);

        Assert.Null(sheet.Render(["http://localhost:5080"]));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Host.Identity;
using HelperPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Identity;

public sealed class AccountTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    private const string Password = "a-long-enough-password1";

    [Fact]
    public async Task Register_ThenLogin_GivesATokenForAClientAccount()
    {
        using var client = fixture.Host.CreateClient();
        var email = UniqueEmail();

        using var registered = await client.PostAsJsonAsync("/api/auth/register", new { email, password = Password, displayName = "Olga" });
        var token = await PlatformHost.SignInAsync(client, email, Password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        var me = await client.GetFromJsonAsync<AccountResponse>("/api/auth/me");

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal("Bearer", token.TokenType);
        Assert.Equal(email, me!.Email);
        Assert.Equal([PlatformRoles.Client], me.Roles);
    }

    public static TheoryData<string, string> BadRegistrations() => new()
    {
        { """{"password":"a-long-enough-password1","displayName":"Olga"}""", "email" },
        { """{"email":"not-an-email","password":"a-long-enough-password1","displayName":"Olga"}""", "email" },
        { """{"email":"olga@example.test","password":"short","displayName":"Olga"}""", "password" },
        { """{"email":"olga@example.test","password":"a-long-enough-password1"}""", "displayName" },
        { $$"""{"email":"olga@example.test","password":"a-long-enough-password1","displayName":"{{new string('x', 201)}}"}""", "displayName" },
        { """{"email":42,"password":"a-long-enough-password1","displayName":"Olga"}""", "email" },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public async Task Register_WithBadField_Answers400NamingItAndStoresNothing(string body, string field)
    {
        using var client = fixture.Host.CreateClient();
        var before = await CountUsersAsync();

        using var response = await client.PostAsync("/api/auth/register", new StringContent(body, Encoding.UTF8, "application/json"));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {problem.RootElement}");
        Assert.Equal(before, await CountUsersAsync());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("[]")]
    public async Task Register_WithUnreadableBody_Answers400ProblemDetails(string body)
    {
        using var client = fixture.Host.CreateClient();

        using var response = await client.PostAsync("/api/auth/register", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Register_WithBodyOverTheLimit_Answers413()
    {
        using var client = fixture.Host.CreateClient();
        var huge = $$"""{"email":"olga@example.test","password":"a-long-enough-password1","displayName":"{{new string('x', 2_000_000)}}"}""";

        // The client announces the body and waits: the 413 comes before any of it is sent. Sent at once, 2 MB outrun
        // the answer, the server closes the connection mid-body and the client sees a broken pipe instead of the 413.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/register") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Register_TheSameEmailTwice_Answers409AndKeepsOneAccount()
    {
        using var client = fixture.Host.CreateClient();
        var email = UniqueEmail();
        var body = new { email, password = Password, displayName = "Olga" };

        using var first = await client.PostAsJsonAsync("/api/auth/register", body);
        using var second = await client.PostAsJsonAsync("/api/auth/register", body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<IdentityStoreDbContext>().Users.CountAsync(user => user.Email == email));
    }

    [Fact]
    public async Task Login_WithWrongPassword_Answers401ProblemDetails()
    {
        using var client = fixture.Host.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email = "ops@staff.test", password = "wrong-password-here" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Refresh_WithTheIssuedRefreshToken_GivesANewAccessToken()
    {
        using var client = fixture.Host.CreateClient();
        var token = await PlatformHost.SignInAsync(client, "manager@staff.test", PlatformHost.StaffPassword);

        using var response = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = token.RefreshToken });
        var refreshed = await response.Content.ReadFromJsonAsync<TokenResponse>();
        using var forged = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "forged" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(refreshed!.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task CreateStaff_ByOps_CreatesAnAccountThatSignsInWithItsRole()
    {
        using var ops = await fixture.Host.CreateClientAsync(PlatformRoles.Ops);
        var email = UniqueEmail();

        using var response = await ops.PostAsJsonAsync("/api/ops/staff", new { email, password = Password, displayName = "Wanda", role = PlatformRoles.Warehouse });
        using var client = fixture.Host.CreateClient();
        var token = await PlatformHost.SignInAsync(client, email, Password);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(token.AccessToken));
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        Assert.Equal([PlatformRoles.Warehouse], await users.GetRolesAsync((await users.FindByEmailAsync(email))!));
    }

    [Theory]
    [InlineData("client")]
    [InlineData("worker")]
    [InlineData("emperor")]
    [InlineData(null)]
    public async Task CreateStaff_WithANonStaffRole_Answers400NamingRole(string? role)
    {
        using var ops = await fixture.Host.CreateClientAsync(PlatformRoles.Ops);

        using var response = await ops.PostAsJsonAsync("/api/ops/staff", new { email = UniqueEmail(), password = Password, displayName = "Wanda", role });
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("role", out _));
    }

    private static string UniqueEmail() => $"user-{Guid.NewGuid():N}@example.test";

    private async Task<int> CountUsersAsync()
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IdentityStoreDbContext>().Users.CountAsync();
    }
}

using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Host.Platform;
using Microsoft.Extensions.Options;

namespace HelperPlatform.Host.Onboarding;

/// <summary>
/// The page a confirmation link opens (<c>Onboarding:ConfirmationPage</c>, served at its path): a small form that
/// chooses the password and confirms through <c>POST /api/applications/confirm</c>, until a candidate app exists.
/// </summary>
public static class ConfirmationPageEndpoints
{
    public static IEndpointRouteBuilder MapConfirmationPageEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var settings = endpoints.ServiceProvider.GetRequiredService<IOptions<OnboardingSettings>>().Value;
        endpoints.MapGet(settings.ConfirmationPage.AbsolutePath, HtmlPage.Embedded("ConfirmationPage.html").ServeAsync)
            .AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }
}

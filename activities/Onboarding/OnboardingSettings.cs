namespace HelperPlatform.Activities.Onboarding;

/// <summary>The <c>Onboarding</c> configuration section.</summary>
public sealed class OnboardingSettings
{
    public const string Section = "Onboarding";

    /// <summary>The page of the candidate app that confirms an application; the token is appended as <c>?token=</c>.</summary>
    public Uri ConfirmationPage { get; set; } = new("http://localhost:5080/confirm");

    /// <summary>How long a confirmation link stays valid before the application expires and is cleaned up.</summary>
    public TimeSpan ConfirmationWindow { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often the host re-reads which skills have a published test set (the skills it accepts).</summary>
    public TimeSpan PublishedSkillsRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The time between two passes of the onboarding reconciliation, which resumes candidates whose workflow was lost;
    /// also how often the host makes sure it runs at all.
    /// </summary>
    public TimeSpan ReconciliationPeriod { get; set; } = TimeSpan.FromMinutes(1);
}

namespace HelperPlatform.Workflows.Onboarding;

/// <summary>The seed events Onboarding journals, under the application's stream.</summary>
public static class OnboardingEvents
{
    public const string ApplicationSubmitted = "ApplicationSubmitted";
    public const string ConfirmationLinkSent = "ConfirmationLinkSent";
    public const string ApplicationConfirmed = "ApplicationConfirmed";
    public const string ApplicationExpired = "ApplicationExpired";
    public const string TestSetAssigned = "TestSetAssigned";
    public const string TestTaken = "TestTaken";
    public const string TestPassed = "TestPassed";
    public const string TestFailed = "TestFailed";
    public const string SkillGranted = "SkillGranted";
    public const string TestSetFailed = "TestSetFailed";
    public const string AddedToWorkerPool = "AddedToWorkerPool";
    public const string ApplicationRejected = "ApplicationRejected";
    public const string OnboardingResumed = "OnboardingResumed";

    public static string StreamId(Guid applicationId) => $"application/{applicationId:N}";
}

using System.Text.RegularExpressions;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Host.Platform.Http;

namespace HelperPlatform.Host.Onboarding;

/// <summary>Everything the public endpoint checks before it touches the database or Temporal.</summary>
public static partial class ApplicationValidation
{
    public const int MaxSkills = 10;

    public static ValidationErrors Validate(ApplicationRequest request, IReadOnlySet<string> knownSkills)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(knownSkills);
        var errors = new ValidationErrors();
        errors.Required("name", request.Name, OnboardingDbContext.MaxNameLength);
        errors.Required("city", request.City, OnboardingDbContext.MaxCityLength);
        errors.Required("email", request.Email, OnboardingDbContext.MaxEmailLength);
        if (!string.IsNullOrWhiteSpace(request.Email) && request.Email.Length <= OnboardingDbContext.MaxEmailLength && !EmailAddresses.IsValid(request.Email))
        {
            errors.Add("email", "'email' is not a valid email address.");
        }

        errors.Required("phone", request.Phone, OnboardingDbContext.MaxPhoneLength);
        if (!string.IsNullOrWhiteSpace(request.Phone) && request.Phone.Length <= OnboardingDbContext.MaxPhoneLength && !E164().IsMatch(request.Phone))
        {
            errors.Add("phone", "'phone' must be in E.164 form: '+', the country code and the number, e.g. +4915112345678.");
        }

        ValidateSkills(errors, request.Skills, knownSkills);
        return errors;
    }

    /// <summary>Lower-cased and trimmed, so one mailbox has one application whatever its spelling.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    private static void ValidateSkills(ValidationErrors errors, List<string?>? skills, IReadOnlySet<string> knownSkills)
    {
        if (skills is not { Count: > 0 })
        {
            errors.Add("skills", "'skills' needs at least one skill.");
            return;
        }

        if (skills.Count > MaxSkills)
        {
            errors.Add("skills", $"'skills' may name at most {MaxSkills} skills.");
            return;
        }

        for (var index = 0; index < skills.Count; index++)
        {
            var skill = skills[index];
            if (skill is null || !knownSkills.Contains(skill))
            {
                errors.Add($"skills[{index}]", "Not a skill candidates can apply for: it has no published test set.");
            }
            else if (skills.IndexOf(skill) != index)
            {
                errors.Add($"skills[{index}]", $"'{skill}' is named twice.");
            }
        }
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();
}

using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Platform;

namespace HelperPlatform.Host.Management.Designer;

/// <summary>How a property is edited in the designer and written into the tree.</summary>
public enum FieldKind
{
    /// <summary>One line of text; the tree holds a string.</summary>
    Text,

    /// <summary>Several lines of text; the tree holds a string.</summary>
    MultiLineText,

    /// <summary>A number typed as text; the tree holds a JSON number (text that is no number stays text, for the validator to name).</summary>
    Number,

    /// <summary>One of a fixed list; the tree holds the chosen string.</summary>
    Choice,

    /// <summary>A list or object with a documented shape, edited as JSON; the tree holds the JSON (text that is no JSON stays text).</summary>
    Json,
}

/// <param name="Name">The property's key in the tree, e.g. <c>radiusMeters</c>.</param>
/// <param name="Choices">The values a <see cref="FieldKind.Choice"/> offers.</param>
public sealed record PaletteField(string Name, string DisplayName, string Description, FieldKind Kind, IReadOnlyList<string>? Choices = null);

/// <param name="Type">The step's <c>type</c> in the tree, or the settings node's own type.</param>
public sealed record PaletteEntry(string Type, string DisplayName, string Description, IReadOnlyList<PaletteField> Fields);

/// <summary>
/// What the designer offers for one definition kind: the set-level <see cref="Settings"/> (drawn as the node the
/// flow starts from, so every set-level property gets a field) and one entry per step type of the kind's catalogue.
/// </summary>
/// <param name="Category">The palette's heading in the designer, e.g. <c>Service type</c>.</param>
public sealed record DesignerPalette(IDefinitionKind Kind, string Category, PaletteEntry Settings, IReadOnlyList<PaletteEntry> Steps)
{
    /// <summary>Elsa's activity type name of an entry: our types are namespaced so they never meet Elsa's own.</summary>
    public static string ActivityType(PaletteEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return $"HelperPlatform.{entry.Type}";
    }

    public PaletteEntry? FindStep(string activityType) =>
        Steps.FirstOrDefault(entry => ActivityType(entry) == activityType);

    public static DesignerPalette ServiceTypes(IDefinitionKind kind) => new(kind, "Service type",
        new PaletteEntry("serviceTypeSettings", "Service type", "The service type's terms: prices, supplies, payout, sampling and deadlines. The flow starts here.",
        [
            new(ServiceTypeProperties.Description, "Description", "What the client gets, as the quote shows it.", FieldKind.MultiLineText),
            new(ServiceTypeProperties.Currency, "Currency", "The currency of every amount.", FieldKind.Choice, [.. Money.Currencies]),
            new(ServiceTypeProperties.BasePrice, "Base price", "The price before surcharges, e.g. 45.00.", FieldKind.Number),
            new(ServiceTypeProperties.Surcharges, "Surcharges",
                """A JSON list: [{"id":"weekend","rule":"weekend","amount":10.00}, {"id":"short-notice","rule":"shortNotice","noticeUnder":"PT24H","percent":12.5,"rounding":"halfUp"}]; rounding is halfUp, halfEven, up or down.""",
                FieldKind.Json),
            new(ServiceTypeProperties.TimeZone, "Time zone", "The IANA time zone of the service's weekends and notice, e.g. Europe/Berlin.", FieldKind.Text),
            new(ServiceTypeProperties.Supplies, "Supplies", """A JSON list of kit items: [{"sku":"COOKIE-BOX-12","quantity":2}].""", FieldKind.Json),
            new(ServiceTypeProperties.Skill, "Skill", "The skill a worker needs, e.g. cookie-delivery.", FieldKind.Text),
            new(ServiceTypeProperties.WorkerPayout, "Worker payout", "What the worker earns per order, at most the base price.", FieldKind.Number),
            new(ServiceTypeProperties.QualitySamplingPercent, "Quality sampling %", "The share of orders a manager reviews (0–100).", FieldKind.Number),
            new(ServiceTypeProperties.QualityRefundPercent, "Quality refund %", "The share of the price refunded when a review fails (0–100; 100 when empty).", FieldKind.Number),
            new(ServiceTypeProperties.MatchingDeadline, "Matching deadline", "How long matching may take, ISO 8601, e.g. PT4H.", FieldKind.Text),
            new(ServiceTypeProperties.OfferDeadline, "Offer deadline", "How long one worker has to accept an offer, ISO 8601, e.g. PT15M.", FieldKind.Text),
        ]),
        [
            new(FlowStepTypes.PickSupplies, "Pick supplies", "The warehouse assembles the service type's supplies into a kit.", []),
            new(FlowStepTypes.MatchWorker, "Match a worker", "Offers the order to fitting workers until one accepts.", []),
            new(FlowStepTypes.HandOver, "Hand over the kit", "The worker collects the picked kit.", []),
            new(FlowStepTypes.CheckIn, "Check in", "The worker checks in on site.",
                [new(FlowStepProperties.RadiusMeters, "Radius (m)", "How far from the address the worker may check in (10–5000).", FieldKind.Number)]),
            new(FlowStepTypes.PhotoReport, "Photo report", "The worker uploads photos of the finished job.",
            [
                new(FlowStepProperties.MinPhotos, "Fewest photos", "At least this many photos (1–20).", FieldKind.Number),
                new(FlowStepProperties.MaxPhotos, "Most photos", "At most this many photos (1–20).", FieldKind.Number),
            ]),
            new(FlowStepTypes.QualityReview, "Quality review", "A manager passes or fails the photos of an earlier photo report; the flow goes on by Pass or Fail.",
                [new(FlowStepProperties.PhotoReportStepId, "Photo report step", "The name (id) of the photo report step whose photos are reviewed.", FieldKind.Text)]),
            new(FlowStepTypes.Wait, "Wait", "Pauses the order.",
                [new(FlowStepProperties.Duration, "Duration", "How long, ISO 8601, e.g. P1D.", FieldKind.Text)]),
        ]);

    public static DesignerPalette TestSets(IDefinitionKind kind) => new(kind, "Test set",
        new PaletteEntry("testSetSettings", "Test set", "The skill the set grants, attempts per test and the deadline. The flow starts here.",
        [
            new(TestSetProperties.Skill, "Skill", "The skill a candidate who passes gains, e.g. cookie-delivery.", FieldKind.Text),
            new(TestSetProperties.AttemptsPerTest, "Attempts per test", "How often a candidate may try each test (1–100).", FieldKind.Number),
            new(TestSetProperties.Deadline, "Deadline", "How long a candidate has for the whole set, ISO 8601, e.g. P14D.", FieldKind.Text),
        ]),
        [
            new(TestSetStepTypes.Quiz, "Quiz", "Questions with choices, scored automatically.",
            [
                new(TestSetStepProperties.PassScore, "Pass score", "The points that pass the quiz.", FieldKind.Number),
                new(TestSetStepProperties.Questions, "Questions",
                    """A JSON list: [{"id":"q1","text":"How do cookies travel?","points":1,"choices":[{"id":"a","text":"In the sealed box"},{"id":"b","text":"In a pocket"}],"correctChoiceIds":["a"]}].""",
                    FieldKind.Json),
            ]),
            new(TestSetStepTypes.PracticalTask, "Practical task", "A task a manager grades.",
            [
                new(TestSetStepProperties.Instructions, "Instructions", "What the candidate does.", FieldKind.MultiLineText),
                new(TestSetStepProperties.MaxScore, "Highest grade", "The best grade a manager may give (1–1000).", FieldKind.Number),
                new(TestSetStepProperties.PassScore, "Pass score", "The grade that passes.", FieldKind.Number),
            ]),
            new(TestSetStepTypes.BranchOnResult, "Branch on result", "Goes on by Pass or Fail of an earlier test.",
                [new(TestSetStepProperties.TestStepId, "Test step", "The name (id) of the quiz or practical task whose result decides.", FieldKind.Text)]),
            new(TestSetStepTypes.Finish, "Finish", "Ends the set with an outcome.",
                [new(TestSetStepProperties.Outcome, "Outcome", "Passed or failed.", FieldKind.Choice, [FinishOutcomes.Passed, FinishOutcomes.Failed])]),
        ]);
}

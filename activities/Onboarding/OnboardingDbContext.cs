using HelperPlatform.Activities.Onboarding.Applications;
using HelperPlatform.Activities.Onboarding.WorkerPool;
using HelperPlatform.Activities.Platform.Notifications;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Onboarding;

public sealed class OnboardingDbContext(DbContextOptions<OnboardingDbContext> options) : ContextDbContext(options), INotificationJournal
{
    public const int MaxEmailLength = 254;
    public const int MaxNameLength = 200;
    public const int MaxCityLength = 100;
    public const int MaxPhoneLength = 16;

    public override BoundedContext Context => BoundedContext.Onboarding;

    public DbSet<Application> Applications => Set<Application>();

    public DbSet<ConfirmationToken> ConfirmationTokens => Set<ConfirmationToken>();

    public DbSet<TestSetAssignmentRow> TestSetAssignments => Set<TestSetAssignmentRow>();

    public DbSet<WorkerPoolMember> WorkerPool => Set<WorkerPoolMember>();

    public DbSet<RecordedWorkerReview> WorkerReviews => Set<RecordedWorkerReview>();

    public DbSet<RecordedNotification> Notifications => Set<RecordedNotification>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        NotificationJournal.Configure(modelBuilder);
        modelBuilder.Entity<Application>(applications =>
        {
            applications.ToTable("applications");
            applications.HasKey(application => application.Id);
            applications.Property(application => application.Email).HasMaxLength(MaxEmailLength);
            applications.HasIndex(application => application.Email).IsUnique();
            applications.Property(application => application.DisplayName).HasMaxLength(MaxNameLength);
            applications.Property(application => application.Phone).HasMaxLength(MaxPhoneLength);
            applications.Property(application => application.City).HasMaxLength(MaxCityLength);
            applications.Property(application => application.Status).HasConversion<string>().HasMaxLength(32);
            applications.HasIndex(application => new { application.Status, application.SubmittedAt });
            applications.HasIndex(application => application.AccountId);
        });
        modelBuilder.Entity<ConfirmationToken>(tokens =>
        {
            tokens.ToTable("confirmation_tokens");
            tokens.HasKey(token => token.Id);
            tokens.Property(token => token.TokenHash).HasMaxLength(64);
            tokens.HasIndex(token => token.TokenHash).IsUnique();
            tokens.HasIndex(token => token.ApplicationId);
        });
        modelBuilder.Entity<TestSetAssignmentRow>(assignments =>
        {
            assignments.ToTable("test_set_assignments");
            assignments.HasKey(assignment => new { assignment.ApplicationId, assignment.Skill });
            assignments.Property(assignment => assignment.Skill).HasMaxLength(64);
            assignments.Property(assignment => assignment.TestSetCode).HasMaxLength(64);
            assignments.Property(assignment => assignment.TestSetName).HasMaxLength(200);
            assignments.Property(assignment => assignment.Status).HasConversion<string>().HasMaxLength(32);
            assignments.Property(assignment => assignment.DefinitionJson).HasColumnType("jsonb");
            assignments.Property(assignment => assignment.CurrentStepId).HasMaxLength(64);
            assignments.HasIndex(assignment => new { assignment.TestSetCode, assignment.Version });
        });
        modelBuilder.Entity<WorkerPoolMember>(pool =>
        {
            pool.ToTable("worker_pool");
            pool.HasKey(member => member.AccountId);
            pool.Property(member => member.DisplayName).HasMaxLength(MaxNameLength);
            pool.Property(member => member.City).HasMaxLength(MaxCityLength);
            pool.Property(member => member.Rating).HasPrecision(3, 2);
            pool.HasIndex(member => member.City);
        });
        modelBuilder.Entity<RecordedWorkerReview>(reviews =>
        {
            reviews.ToTable("worker_reviews");
            reviews.HasKey(review => review.OrderId);
            reviews.HasIndex(review => review.WorkerId);
        });
    }
}

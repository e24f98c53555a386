using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Activities.Management.Quality;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Management;

public sealed class ManagementDbContext(DbContextOptions<ManagementDbContext> options) : ContextDbContext(options)
{
    public override BoundedContext Context => BoundedContext.Management;

    public DbSet<DefinitionDraft> DefinitionDrafts => Set<DefinitionDraft>();

    public DbSet<DefinitionVersion> DefinitionVersions => Set<DefinitionVersion>();

    public DbSet<QualityReview> QualityReviews => Set<QualityReview>();

    public DbSet<QualityIncidentRecord> QualityIncidents => Set<QualityIncidentRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        DefinitionModel.Configure(modelBuilder);
        modelBuilder.Entity<QualityReview>(reviews =>
        {
            reviews.ToTable("quality_reviews");
            reviews.HasKey(review => review.OrderId);
            reviews.Property(review => review.ClientId).HasMaxLength(64);
            reviews.Property(review => review.StepId).HasMaxLength(64);
            reviews.Property(review => review.Status).HasConversion<string>().HasMaxLength(16);
            reviews.Property(review => review.ManagerId).HasMaxLength(64);
            reviews.Property(review => review.Note).HasMaxLength(2000);
            reviews.HasIndex(review => new { review.Status, review.OpenedAt });
        });
        modelBuilder.Entity<QualityIncidentRecord>(incidents =>
        {
            incidents.ToTable("quality_incidents");
            incidents.HasKey(incident => incident.Id);
            incidents.Property(incident => incident.Id).ValueGeneratedNever();
            incidents.Property(incident => incident.ClientId).HasMaxLength(64);
            incidents.Property(incident => incident.Note).HasMaxLength(2000);
            incidents.HasIndex(incident => incident.OrderId);
        });
    }
}

using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Platform.Persistence;

/// <summary>
/// Base of every bounded context's database: everything it maps lives in the context's own schema,
/// including its migrations history, so contexts migrate and deploy independently.
/// </summary>
public abstract class ContextDbContext(DbContextOptions options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "__migrations";

    public abstract BoundedContext Context { get; }

    public DbSet<RecordedEvent> Events => Set<RecordedEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.HasDefaultSchema(Context.Schema());
        modelBuilder.Entity<RecordedEvent>(events =>
        {
            events.ToTable("events");
            events.HasKey(e => e.Id);
            events.Property(e => e.StreamId).HasMaxLength(200);
            events.Property(e => e.Type).HasMaxLength(100);
            events.Property(e => e.Actor).HasMaxLength(200);
            events.Property(e => e.DataJson).HasColumnType("jsonb");
            events.HasIndex(e => new { e.StreamId, e.OccurredAt });
        });
    }
}

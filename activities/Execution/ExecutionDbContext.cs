using HelperPlatform.Activities.Execution.Reports;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Execution;

public sealed class ExecutionDbContext(DbContextOptions<ExecutionDbContext> options) : ContextDbContext(options)
{
    public override BoundedContext Context => BoundedContext.Execution;

    public DbSet<CheckIn> CheckIns => Set<CheckIn>();

    public DbSet<PhotoReport> PhotoReports => Set<PhotoReport>();

    public DbSet<Photo> Photos => Set<Photo>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<CheckIn>(checkIns =>
        {
            checkIns.ToTable("check_ins");
            checkIns.HasKey(checkIn => checkIn.OrderId);
            checkIns.Property(checkIn => checkIn.WorkerId).HasMaxLength(64);
        });
        modelBuilder.Entity<PhotoReport>(reports =>
        {
            reports.ToTable("photo_reports");
            reports.HasKey(report => report.Id);
            reports.Property(report => report.Id).ValueGeneratedNever();
            reports.Property(report => report.WorkerId).HasMaxLength(64);
            reports.Property(report => report.Status).HasConversion<string>().HasMaxLength(16);
            reports.HasIndex(report => new { report.OrderId, report.Status });
            reports.HasMany(report => report.Photos).WithOne().HasForeignKey(photo => photo.ReportId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Photo>(photos =>
        {
            photos.ToTable("photos");
            photos.HasKey(photo => photo.Id);
            photos.Property(photo => photo.Id).ValueGeneratedNever();
            photos.Property(photo => photo.ContentType).HasMaxLength(32);
            photos.Property(photo => photo.Sha256).HasMaxLength(64);
        });
    }
}

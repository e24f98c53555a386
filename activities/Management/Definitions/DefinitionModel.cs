using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Management.Definitions;

/// <summary>Tables of the versioned definitions, shared by every kind and told apart by the kind column.</summary>
public static class DefinitionModel
{
    public const int MaxKindLength = 50;
    public const int MaxCodeLength = 64;
    public const int MaxNameLength = 200;
    public const int MaxActorLength = 256;

    public static void Configure(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<DefinitionDraft>(drafts =>
        {
            drafts.ToTable("definition_drafts");
            drafts.HasKey(draft => new { draft.Kind, draft.Code });
            drafts.Property(draft => draft.Kind).HasMaxLength(MaxKindLength);
            drafts.Property(draft => draft.Code).HasMaxLength(MaxCodeLength);
            drafts.Property(draft => draft.Name).HasMaxLength(MaxNameLength);
            drafts.Property(draft => draft.Tree).HasColumnType("jsonb");
            drafts.Property(draft => draft.Layout).HasColumnType("jsonb");
            drafts.Property(draft => draft.CreatedBy).HasMaxLength(MaxActorLength);
            drafts.Property(draft => draft.UpdatedBy).HasMaxLength(MaxActorLength);
        });
        modelBuilder.Entity<DefinitionVersion>(versions =>
        {
            versions.ToTable("definition_versions");
            versions.HasKey(version => new { version.Kind, version.Code, version.Number });
            versions.Property(version => version.Kind).HasMaxLength(MaxKindLength);
            versions.Property(version => version.Code).HasMaxLength(MaxCodeLength);
            versions.Property(version => version.Number).ValueGeneratedNever();
            versions.Property(version => version.Name).HasMaxLength(MaxNameLength);
            versions.Property(version => version.Tree).HasColumnType("jsonb");
            versions.Property(version => version.Subject).HasMaxLength(MaxCodeLength);
            versions.Property(version => version.PublishedBy).HasMaxLength(MaxActorLength);
            versions.HasIndex(version => new { version.Kind, version.Subject });
            versions.HasOne<DefinitionDraft>().WithMany()
                .HasForeignKey(version => new { version.Kind, version.Code })
                .OnDelete(DeleteBehavior.Restrict);
        });
    }
}

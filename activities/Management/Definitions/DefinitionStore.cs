using System.Text.Json;
using HelperPlatform.Activities.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Management.Definitions;

/// <summary>
/// Drafts and published versions of every kind of definition. A draft is saved even with problems (so work
/// in progress is never lost) as long as it is a tree; publishing validates it and snapshots it as the next
/// numbered version in one transaction.
/// </summary>
public sealed class DefinitionStore(ManagementDbContext db, TimeProvider time)
{
    /// <summary>Each failed attempt means another publish of the same definition won a number, so this bounds the waiting publishers, not time.</summary>
    public const int MaxPublishAttempts = 10;

    /// <summary>Shape problems only: what keeps JSON from being stored as a draft at all.</summary>
    public static IReadOnlyList<DefinitionProblem> ShapeProblems(JsonElement json)
    {
        var problems = new DefinitionProblems();
        DefinitionTreeReader.Read(json, problems);
        return problems.All;
    }

    /// <summary>Every problem that keeps a tree from being published.</summary>
    public static DefinitionCheck Check(IDefinitionKind kind, JsonElement json)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var problems = new DefinitionProblems();
        return DefinitionTreeReader.Read(json, problems) is { } tree ? kind.Check(tree) : new DefinitionCheck(problems.All, null);
    }

    public async Task<DefinitionResult<DraftView>> CreateDraftAsync(
        IDefinitionKind kind, string code, string name, JsonElement tree, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (ShapeProblems(tree) is { Count: > 0 } shapeProblems)
        {
            return DefinitionResult.Invalid<DraftView>(shapeProblems);
        }

        var now = time.GetUtcNow();
        var draft = new DefinitionDraft
        {
            Kind = kind.Kind,
            Code = code,
            Name = name,
            Tree = tree.GetRawText(),
            Revision = 1,
            CreatedAt = now,
            CreatedBy = actor,
            UpdatedAt = now,
            UpdatedBy = actor,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.DefinitionDrafts.Add(draft);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return DefinitionResult.Failed<DraftView>(DefinitionOutcome.AlreadyExists);
        }

        // Read back inside the transaction: the answer shows the tree as stored (jsonb) and nobody else's edit.
        var view = await GetDraftAsync(kind, code, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return DefinitionResult.Done(view!);
    }

    public async Task<DraftView?> GetDraftAsync(IDefinitionKind kind, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var draft = await db.DefinitionDrafts.AsNoTracking()
            .SingleOrDefaultAsync(draft => draft.Kind == kind.Kind && draft.Code == code, cancellationToken);
        if (draft is null)
        {
            return null;
        }

        using var tree = JsonDocument.Parse(draft.Tree);
        return new DraftView(draft, Check(kind, tree.RootElement).Problems, await LatestNumberAsync(kind, code, cancellationToken));
    }

    /// <summary>Saves the draft only if it is still at <paramref name="expectedRevision"/>; the check and the write are one statement.</summary>
    public Task<DefinitionResult<DraftView>> UpdateDraftAsync(
        IDefinitionKind kind, string code, int expectedRevision, string name, JsonElement tree, string actor, CancellationToken cancellationToken) =>
        EditDraftAsync(kind, code, expectedRevision, name, tree, layoutJson: null, actor, cancellationToken);

    /// <summary>
    /// The designer's save: the layout always, the name and tree only when they differ from the draft's. The
    /// designer saves the whole drawing after every move, so a save that changes only where steps are drawn keeps
    /// the revision; any other change is an edit like <see cref="UpdateDraftAsync"/>'s, at <paramref name="expectedRevision"/> only.
    /// </summary>
    public Task<DefinitionResult<DraftView>> SaveDesignAsync(
        IDefinitionKind kind, string code, int expectedRevision, string name, JsonElement tree, JsonElement layout, string actor, CancellationToken cancellationToken) =>
        EditDraftAsync(kind, code, expectedRevision, name, tree, layout.GetRawText(), actor, cancellationToken);

    /// <param name="layoutJson">The designer's drawing, stored with the edit; null keeps the draft's.</param>
    private async Task<DefinitionResult<DraftView>> EditDraftAsync(
        IDefinitionKind kind, string code, int expectedRevision, string name, JsonElement tree, string? layoutJson, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (ShapeProblems(tree) is { Count: > 0 } shapeProblems)
        {
            return DefinitionResult.Invalid<DraftView>(shapeProblems);
        }

        var treeJson = tree.GetRawText();
        var now = time.GetUtcNow();
        // The updated row stays locked until commit, so the read-back below shows this write, not a later one.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var current = db.DefinitionDrafts.Where(draft => draft.Kind == kind.Kind && draft.Code == code && draft.Revision == expectedRevision);
        var updated = layoutJson is null
            ? 0
            // Both sides are jsonb, so equal trees compare equal whatever their spacing and key order.
            : await current
                .Where(draft => draft.Name == name && draft.Tree == treeJson)
                .ExecuteUpdateAsync(setters => setters.SetProperty(draft => draft.Layout, layoutJson), cancellationToken);
        if (updated == 0)
        {
            updated = await current.ExecuteUpdateAsync(
                setters =>
                {
                    setters
                        .SetProperty(draft => draft.Name, name)
                        .SetProperty(draft => draft.Tree, treeJson)
                        .SetProperty(draft => draft.Revision, draft => draft.Revision + 1)
                        .SetProperty(draft => draft.UpdatedAt, now)
                        .SetProperty(draft => draft.UpdatedBy, actor);
                    if (layoutJson is not null)
                    {
                        setters.SetProperty(draft => draft.Layout, layoutJson);
                    }
                },
                cancellationToken);
        }

        var view = await GetDraftAsync(kind, code, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (updated, view) switch
        {
            (_, null) => DefinitionResult.Failed<DraftView>(DefinitionOutcome.NotFound),
            (0, _) => DefinitionResult.Stale<DraftView>(view.Draft.Revision),
            _ => DefinitionResult.Done<DraftView>(view),
        };
    }

    /// <summary>
    /// Validates the draft at <paramref name="expectedRevision"/> and stores it as version N+1 with its seed
    /// event, atomically; a draft with the name and tree of version N is not published again (<see cref="DefinitionOutcome.Unchanged"/>,
    /// with version N as the value). Two publishes racing for the same number meet at the primary key; the loser
    /// starts over and takes the next number.
    /// </summary>
    public async Task<DefinitionResult<DefinitionVersion>> PublishAsync(
        IDefinitionKind kind, string code, int expectedRevision, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        for (var attempt = 1; attempt <= MaxPublishAttempts; attempt++)
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var draft = await db.DefinitionDrafts.AsNoTracking()
                .SingleOrDefaultAsync(draft => draft.Kind == kind.Kind && draft.Code == code, cancellationToken);
            if (draft is null)
            {
                return DefinitionResult.Failed<DefinitionVersion>(DefinitionOutcome.NotFound);
            }

            if (draft.Revision != expectedRevision)
            {
                return DefinitionResult.Stale<DefinitionVersion>(draft.Revision);
            }

            // Both trees are jsonb, read back in its one canonical text, so equal text is an equal tree.
            var latest = await Versions(kind, code).OrderByDescending(version => version.Number).FirstOrDefaultAsync(cancellationToken);
            if (latest is not null && latest.Name == draft.Name && latest.Tree == draft.Tree)
            {
                return new DefinitionResult<DefinitionVersion>(DefinitionOutcome.Unchanged, latest, [], draft.Revision);
            }

            using var tree = JsonDocument.Parse(draft.Tree);
            var check = Check(kind, tree.RootElement);
            if (check.Problems.Count > 0)
            {
                return DefinitionResult.Invalid<DefinitionVersion>(check.Problems);
            }

            var version = Snapshot(draft, (latest?.Number ?? 0) + 1, check.Subject, actor);
            db.DefinitionVersions.Add(version);
            db.Events.Add(PublishedEvent(kind, version));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (e.IsUniqueViolation())
            {
                continue;
            }

            if (check.Subject is { } subject && await SubjectOwnerAsync(kind, code, subject.Value, cancellationToken) is { } owner)
            {
                return DefinitionResult.Invalid<DefinitionVersion>(
                    [new DefinitionProblem(null, subject.Path, $"'{subject.Value}' is already published by {kind.DisplayName} '{owner}'.")]);
            }

            await transaction.CommitAsync(cancellationToken);
            return DefinitionResult.Done<DefinitionVersion>(version);
        }

        return DefinitionResult.Failed<DefinitionVersion>(DefinitionOutcome.Contended);
    }

    public async Task<IReadOnlyList<DefinitionSummary>> ListAsync(IDefinitionKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return await db.DefinitionDrafts.AsNoTracking()
            .Where(draft => draft.Kind == kind.Kind)
            .OrderBy(draft => draft.Code)
            .Select(draft => new DefinitionSummary(
                draft.Code,
                draft.Name,
                draft.Revision,
                draft.UpdatedAt,
                db.DefinitionVersions.Where(version => version.Kind == draft.Kind && version.Code == draft.Code).Max(version => (int?)version.Number)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Null when there is no such definition; empty when it was never published.</summary>
    public async Task<IReadOnlyList<VersionSummary>?> ListVersionsAsync(IDefinitionKind kind, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (!await db.DefinitionDrafts.AnyAsync(draft => draft.Kind == kind.Kind && draft.Code == code, cancellationToken))
        {
            return null;
        }

        return await Versions(kind, code)
            .OrderBy(version => version.Number)
            .Select(version => new VersionSummary(version.Number, version.Name, version.DraftRevision, version.PublishedAt, version.PublishedBy))
            .ToListAsync(cancellationToken);
    }

    public Task<DefinitionVersion?> GetVersionAsync(IDefinitionKind kind, string code, int number, CancellationToken cancellationToken) =>
        Versions(kind, code).SingleOrDefaultAsync(version => version.Number == number, cancellationToken);

    public Task<DefinitionVersion?> GetLatestVersionAsync(IDefinitionKind kind, string code, CancellationToken cancellationToken) =>
        Versions(kind, code).OrderByDescending(version => version.Number).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The latest version of the definition whose latest version is for <paramref name="subject"/>.</summary>
    public Task<DefinitionVersion?> FindPublishedForSubjectAsync(IDefinitionKind kind, string subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return LatestVersions(kind)
            .Where(version => version.Subject == subject)
            .OrderBy(version => version.PublishedAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The subjects (for test sets: the skills) of every definition's latest version.</summary>
    public async Task<IReadOnlyList<string>> ListPublishedSubjectsAsync(IDefinitionKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return await LatestVersions(kind)
            .Where(version => version.Subject != null)
            .Select(version => version.Subject!)
            .Distinct()
            .OrderBy(subject => subject)
            .ToListAsync(cancellationToken);
    }

    private IQueryable<DefinitionVersion> Versions(IDefinitionKind kind, string code)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return db.DefinitionVersions.AsNoTracking().Where(version => version.Kind == kind.Kind && version.Code == code);
    }

    private IQueryable<DefinitionVersion> LatestVersions(IDefinitionKind kind) =>
        db.DefinitionVersions.AsNoTracking().Where(version => version.Kind == kind.Kind &&
            version.Number == db.DefinitionVersions.Where(other => other.Kind == version.Kind && other.Code == version.Code).Max(other => other.Number));

    private Task<int?> LatestNumberAsync(IDefinitionKind kind, string code, CancellationToken cancellationToken) =>
        Versions(kind, code).MaxAsync(version => (int?)version.Number, cancellationToken);

    /// <summary>
    /// Another definition whose latest version is for the subject. The advisory lock (held until commit)
    /// makes publishes of one subject take turns, so two definitions cannot both claim it unseen.
    /// </summary>
    private async Task<string?> SubjectOwnerAsync(IDefinitionKind kind, string code, string subject, CancellationToken cancellationToken)
    {
        var lockKey = $"{kind.Kind}/{subject}";
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({lockKey}))", cancellationToken);
        return await LatestVersions(kind)
            .Where(version => version.Subject == subject && version.Code != code)
            .Select(version => version.Code)
            .FirstOrDefaultAsync(cancellationToken);
    }

    private DefinitionVersion Snapshot(DefinitionDraft draft, int number, DefinitionSubject? subject, string actor) => new()
    {
        Kind = draft.Kind,
        Code = draft.Code,
        Number = number,
        Name = draft.Name,
        Tree = draft.Tree,
        Subject = subject?.Value,
        DraftRevision = draft.Revision,
        PublishedAt = time.GetUtcNow(),
        PublishedBy = actor,
    };

    private static RecordedEvent PublishedEvent(IDefinitionKind kind, DefinitionVersion version) => new()
    {
        Id = Guid.CreateVersion7(),
        StreamId = $"{version.Kind}/{version.Code}",
        Type = kind.PublishedEventType,
        Actor = version.PublishedBy,
        OccurredAt = version.PublishedAt,
        DataJson = JsonSerializer.Serialize(new { code = version.Code, version = version.Number }),
    };
}

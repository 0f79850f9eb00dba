using Kinerja.Persistence.Records;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Persistence;

/// <summary>The unit of work of the store: definitions, instances, tasks, subscriptions, history, outbox.</summary>
public class KinerjaDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<DefinitionRecord> Definitions => Set<DefinitionRecord>();
    public DbSet<InstanceRecord> Instances => Set<InstanceRecord>();
    public DbSet<TaskRecord> Tasks => Set<TaskRecord>();
    public DbSet<TaskCandidateRecord> TaskCandidates => Set<TaskCandidateRecord>();
    public DbSet<MessageSubscriptionRecord> MessageSubscriptions => Set<MessageSubscriptionRecord>();
    public DbSet<HistoryRecord> History => Set<HistoryRecord>();
    public DbSet<OutboxRecord> Outbox => Set<OutboxRecord>();
    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<DefinitionRecord>(d =>
        {
            d.ToTable("definitions");
            d.HasKey(x => new { x.ProcessKey, x.Version });
            d.Property(x => x.ProcessKey).HasMaxLength(200);
            d.Property(x => x.ContentHash).HasMaxLength(64);
        });
        modelBuilder.Entity<InstanceRecord>(i =>
        {
            i.ToTable("instances");
            i.HasKey(x => x.Id);
            i.Property(x => x.Id).HasMaxLength(36);
            i.Property(x => x.ParentInstanceId).HasMaxLength(36);
            i.Property(x => x.Revision).IsConcurrencyToken();
            i.Property(x => x.ProcessKey).HasMaxLength(200);
            i.Property(x => x.DefinitionId).HasMaxLength(220);
            i.Property(x => x.Status).HasMaxLength(20);
            i.HasIndex(x => new { x.ProcessKey, x.Status });
            i.HasIndex(x => x.StartedAtUtcTicks);
            i.HasIndex(x => x.BusinessKey);
            i.HasIndex(x => x.ParentInstanceId);
        });
        modelBuilder.Entity<TaskRecord>(t =>
        {
            t.ToTable("tasks");
            t.HasKey(x => x.Id);
            t.Property(x => x.Id).HasMaxLength(40);
            t.Property(x => x.InstanceId).HasMaxLength(36);
            t.Property(x => x.Status).HasMaxLength(20);
            t.Property(x => x.ProcessKey).HasMaxLength(200);
            // Inbox indexes end in the page order (due, created, id) so a page is read in index order.
            t.HasIndex(x => new { x.Status, x.Assignee, x.DueAtUtcTicks, x.CreatedAtUtcTicks, x.Id });
            t.HasIndex(x => new { x.Status, x.DueAtUtcTicks, x.CreatedAtUtcTicks, x.Id });
            t.HasIndex(x => x.InstanceId);
            t.HasMany(x => x.Candidates).WithOne().HasForeignKey(c => c.TaskId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<TaskCandidateRecord>(c =>
        {
            c.ToTable("task_candidates");
            c.HasKey(x => new { x.TaskId, x.Kind, x.Name });
            c.Property(x => x.Kind).HasMaxLength(1);
            c.Property(x => x.Name).HasMaxLength(200);
            c.HasIndex(x => new { x.Kind, x.Name, x.TaskId });
        });
        modelBuilder.Entity<MessageSubscriptionRecord>(m =>
        {
            m.ToTable("message_subscriptions");
            m.HasKey(x => x.Id);
            m.Property(x => x.InstanceId).HasMaxLength(36);
            m.HasIndex(x => new { x.MessageName, x.CorrelationKey });
            m.HasIndex(x => x.InstanceId);
        });
        modelBuilder.Entity<HistoryRecord>(h =>
        {
            h.ToTable("history");
            h.HasKey(x => x.Id);
            h.Property(x => x.InstanceId).HasMaxLength(36);
            h.Property(x => x.Kind).HasMaxLength(40);
            h.HasIndex(x => new { x.InstanceId, x.Id });
        });
        modelBuilder.Entity<OutboxRecord>(o =>
        {
            o.ToTable("outbox");
            o.HasKey(x => x.Sequence);
            o.HasIndex(x => x.LastMessageId).IsUnique();
            o.HasIndex(x => x.DispatchedAtUtcTicks);
        });
        modelBuilder.Entity<IdempotencyRecord>(k =>
        {
            k.ToTable("idempotency_keys");
            k.HasKey(x => x.Key);
            k.Property(x => x.Key).HasMaxLength(200);
        });
    }
}

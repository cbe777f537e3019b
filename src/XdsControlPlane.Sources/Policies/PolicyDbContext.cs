using Microsoft.EntityFrameworkCore;

namespace XdsControlPlane.Sources.Policies;

/// <summary>
/// The policy database on SQLite. Its schema comes from the hand-written migrations in <c>Migrations/</c>, applied at
/// start-up; <see cref="PostgresPolicyDbContext"/> maps the same entities with PostgreSQL's own migrations.
/// </summary>
internal class PolicyDbContext : DbContext
{
    /// <summary>Creates the SQLite context.</summary>
    public PolicyDbContext(DbContextOptions<PolicyDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a derived context of another provider.</summary>
    protected PolicyDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>Current policies.</summary>
    public DbSet<PolicyRecord> Policies => Set<PolicyRecord>();

    /// <summary>Every change ever made.</summary>
    public DbSet<PolicyAudit> Audit => Set<PolicyAudit>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PolicyRecord>(policy =>
        {
            policy.ToTable("Policies");
            policy.HasKey(p => new { p.Namespace, p.Name });
            policy.Property(p => p.Revision).IsConcurrencyToken();
            policy.HasIndex(p => new { p.TargetKind, p.TargetNamespace, p.TargetName });
        });
        modelBuilder.Entity<PolicyAudit>(audit =>
        {
            audit.ToTable("PolicyAudit");
            audit.HasKey(a => a.Id);
            audit.HasIndex(a => new { a.Namespace, a.Name });
        });
    }
}

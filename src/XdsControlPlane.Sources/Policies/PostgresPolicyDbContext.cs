using Microsoft.EntityFrameworkCore;

namespace XdsControlPlane.Sources.Policies;

/// <summary>
/// The policy database on PostgreSQL: the same entities, with the migrations in <c>Migrations/Postgres</c> (EF Core
/// picks migrations by context type, so each provider keeps its own history).
/// </summary>
internal sealed class PostgresPolicyDbContext(DbContextOptions<PostgresPolicyDbContext> options) : PolicyDbContext(options);

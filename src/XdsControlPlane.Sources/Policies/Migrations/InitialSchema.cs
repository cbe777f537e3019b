using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace XdsControlPlane.Sources.Policies.Migrations;

/// <summary>Schema v1: the <c>Policies</c> table, without who-did-what (see <see cref="AuditTrail"/>).</summary>
[DbContext(typeof(PolicyDbContext))]
[Migration("20261122000001_InitialSchema")]
internal sealed class InitialSchema : Migration
{
    /// <summary>The migration id, for tests that stop at this version.</summary>
    public const string Id = "20261122000001_InitialSchema";

    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Policies",
            columns: table => new
            {
                Namespace = table.Column<string>(type: "TEXT", nullable: false),
                Name = table.Column<string>(type: "TEXT", nullable: false),
                TargetKind = table.Column<string>(type: "TEXT", nullable: false),
                TargetNamespace = table.Column<string>(type: "TEXT", nullable: false),
                TargetName = table.Column<string>(type: "TEXT", nullable: false),
                TargetSection = table.Column<string>(type: "TEXT", nullable: true),
                Sections = table.Column<string>(type: "TEXT", nullable: false),
                Spec = table.Column<string>(type: "TEXT", nullable: false),
                Revision = table.Column<long>(type: "INTEGER", nullable: false),
                CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Policies", p => new { p.Namespace, p.Name }));
        migrationBuilder.CreateIndex(
            name: "IX_Policies_TargetKind_TargetNamespace_TargetName",
            table: "Policies",
            columns: ["TargetKind", "TargetNamespace", "TargetName"]);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "Policies");
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace XdsControlPlane.Sources.Policies.Migrations;

/// <summary>
/// Schema v2: who created and last changed each policy, and the <c>PolicyAudit</c> table. Policies stored by v1 get
/// one <c>Imported</c> row each, so every policy's history starts with its state at the upgrade.
/// </summary>
[DbContext(typeof(PolicyDbContext))]
[Migration("20261122000002_AuditTrail")]
internal sealed class AuditTrail : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "CreatedBy", table: "Policies", type: "TEXT", nullable: true);
        migrationBuilder.AddColumn<string>(name: "UpdatedBy", table: "Policies", type: "TEXT", nullable: true);
        migrationBuilder.CreateTable(
            name: "PolicyAudit",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Namespace = table.Column<string>(type: "TEXT", nullable: false),
                Name = table.Column<string>(type: "TEXT", nullable: false),
                Revision = table.Column<long>(type: "INTEGER", nullable: false),
                Action = table.Column<string>(type: "TEXT", nullable: false),
                Actor = table.Column<string>(type: "TEXT", nullable: true),
                At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                Spec = table.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_PolicyAudit", a => a.Id));
        migrationBuilder.CreateIndex(name: "IX_PolicyAudit_Namespace_Name", table: "PolicyAudit", columns: ["Namespace", "Name"]);
        migrationBuilder.Sql("""
            INSERT INTO "PolicyAudit" ("Namespace", "Name", "Revision", "Action", "Actor", "At", "Spec")
            SELECT "Namespace", "Name", "Revision", 'Imported', NULL, "UpdatedAt", "Spec" FROM "Policies" ORDER BY "Namespace", "Name";
            """);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "PolicyAudit");
        migrationBuilder.DropColumn(name: "UpdatedBy", table: "Policies");
        migrationBuilder.DropColumn(name: "CreatedBy", table: "Policies");
    }
}

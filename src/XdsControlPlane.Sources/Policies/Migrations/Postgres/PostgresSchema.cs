using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace XdsControlPlane.Sources.Policies.Migrations.Postgres;

/// <summary>
/// The PostgreSQL schema, equal to SQLite's <see cref="InitialSchema"/> plus <see cref="AuditTrail"/> (there is no
/// PostgreSQL store of schema v1 to upgrade), and a trigger that announces every audit row on
/// <see cref="ChangeChannel"/> so replicas hear of a change by any writer at once.
/// </summary>
[DbContext(typeof(PostgresPolicyDbContext))]
[Migration("20261207000001_PostgresSchema")]
internal sealed class PostgresSchema : Migration
{
    /// <summary>The LISTEN/NOTIFY channel; the payload is the new audit row's id.</summary>
    public const string ChangeChannel = "xds_policy_changes";

    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // Collation "C": keys compare and sort bytewise, as on SQLite, whatever the server's locale.
        migrationBuilder.CreateTable(
            name: "Policies",
            columns: table => new
            {
                Namespace = table.Column<string>(type: "text", nullable: false, collation: "C"),
                Name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                TargetKind = table.Column<string>(type: "text", nullable: false),
                TargetNamespace = table.Column<string>(type: "text", nullable: false),
                TargetName = table.Column<string>(type: "text", nullable: false),
                TargetSection = table.Column<string>(type: "text", nullable: true),
                Sections = table.Column<string>(type: "text", nullable: false),
                Spec = table.Column<string>(type: "text", nullable: false),
                Revision = table.Column<long>(type: "bigint", nullable: false),
                CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                CreatedBy = table.Column<string>(type: "text", nullable: true),
                UpdatedBy = table.Column<string>(type: "text", nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Policies", p => new { p.Namespace, p.Name }));
        migrationBuilder.CreateIndex(
            name: "IX_Policies_TargetKind_TargetNamespace_TargetName",
            table: "Policies",
            columns: ["TargetKind", "TargetNamespace", "TargetName"]);
        migrationBuilder.CreateTable(
            name: "PolicyAudit",
            columns: table => new
            {
                Id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Namespace = table.Column<string>(type: "text", nullable: false, collation: "C"),
                Name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                Revision = table.Column<long>(type: "bigint", nullable: false),
                Action = table.Column<string>(type: "text", nullable: false),
                Actor = table.Column<string>(type: "text", nullable: true),
                At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                Spec = table.Column<string>(type: "text", nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_PolicyAudit", a => a.Id));
        migrationBuilder.CreateIndex(name: "IX_PolicyAudit_Namespace_Name", table: "PolicyAudit", columns: ["Namespace", "Name"]);
        migrationBuilder.Sql($"""
            CREATE FUNCTION xds_policy_audit_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('{ChangeChannel}', NEW."Id"::text);
                RETURN NEW;
            END $$;
            CREATE TRIGGER "PolicyAudit_notify" AFTER INSERT ON "PolicyAudit" FOR EACH ROW EXECUTE FUNCTION xds_policy_audit_notify();
            """);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "PolicyAudit");
        migrationBuilder.DropTable(name: "Policies");
        migrationBuilder.Sql("DROP FUNCTION xds_policy_audit_notify();");
    }
}

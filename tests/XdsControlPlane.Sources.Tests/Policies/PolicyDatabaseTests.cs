using Npgsql;
using XdsControlPlane.Sources.Policies;

namespace XdsControlPlane.Sources.Tests.Policies;

/// <summary><c>--policy-db</c>: a file path or a PostgreSQL URI; a bad URI says what is wrong without showing the password.</summary>
public sealed class PolicyDatabaseTests
{
    [Test]
    public void APath_IsSqlite_AtItsFullPath()
    {
        var database = PolicyDatabase.Parse("data/policies.db");

        Assert.That(database.Provider, Is.EqualTo(PolicyDatabaseProvider.Sqlite));
        Assert.That(database.Display, Is.EqualTo(Path.GetFullPath("data/policies.db")));
    }

    [TestCase("postgresql://xds:s%40cret@db.example:6543/policies?sslmode=require")]
    [TestCase("postgres://xds:s%40cret@db.example:6543/policies?sslmode=require")]
    public void AUri_IsPostgres_WithEveryPart_AndItsDisplayHasNoPassword(string uri)
    {
        var database = PolicyDatabase.Parse(uri);
        var settings = new NpgsqlConnectionStringBuilder(database.ConnectionString);

        Assert.Multiple(() =>
        {
            Assert.That(database.Provider, Is.EqualTo(PolicyDatabaseProvider.Postgres));
            Assert.That((settings.Host, settings.Port, settings.Database, settings.Username, settings.Password), Is.EqualTo(("db.example", 6543, "policies", "xds", "s@cret")));
            Assert.That(settings.SslMode, Is.EqualTo(SslMode.Require));
            Assert.That(database.Display, Is.EqualTo("postgresql://xds@db.example:6543/policies"));
        });
    }

    [Test]
    public void WithoutAPort_ItIsPostgresDefault()
    {
        Assert.That(new NpgsqlConnectionStringBuilder(PolicyDatabase.Parse("postgresql://xds:pw@db/policies").ConnectionString).Port, Is.EqualTo(5432));
    }

    [TestCase("postgresql://xds:hunter2@db:notaport/policies", "not a URI")]
    [TestCase("postgresql://xds:hunter2@db:5432/", "names no database")]
    [TestCase("postgresql://:hunter2@db:5432/policies", "names no user")]
    [TestCase("postgresql://xds:hunter2@db:5432/policies?colour=blue", "query parameter 'colour'")]
    [TestCase("postgresql://xds@db:5432/policies?password=hunter2", "not as a query parameter")]
    public void ABadUri_SaysWhatIsWrong_WithoutThePassword(string uri, string problem)
    {
        var error = Assert.Throws<FormatException>(() => PolicyDatabase.Parse(uri))!;

        Assert.That(error.Message, Does.Contain(problem));
        Assert.That(error.Message, Does.Not.Contain("hunter2"));
    }

    [Test]
    public void TheStoreConnectionString_CarriesTheBusyTimeoutAsConnectAndLockTimeouts()
    {
        var settings = new NpgsqlConnectionStringBuilder(PolicyStore.PostgresConnectionString(PolicyDatabase.Parse("postgresql://xds:pw@db/policies"), TimeSpan.FromSeconds(3)));

        Assert.That(settings.Timeout, Is.EqualTo(3));
        Assert.That(settings.Options, Is.EqualTo("-c lock_timeout=3000"));
    }
}

using XdsControlPlane.Policies;

namespace XdsControlPlane.Tests.Policies;

/// <summary><c>--policy-db</c> is checked before start-up: a bad PostgreSQL URI is an error naming the option, never showing the password.</summary>
public sealed class PolicyDatabaseOptionTests
{
    [Test]
    public void ABadUri_IsAStartUpErrorNamingTheOption()
    {
        var options = new ControlPlaneOptions { Policies = { Database = "postgresql://xds:hunter2@db:port/policies" } };

        var error = Assert.Throws<ArgumentException>(() => PolicyHosting.Validate(options))!;

        Assert.That(error.Message, Does.StartWith("Policies:Database (--policy-db): "));
        Assert.That(error.Message, Does.Not.Contain("hunter2"));
    }

    [TestCase("postgresql://xds:hunter2@db:5432/policies")]
    [TestCase("relative/policies.db")]
    [TestCase(null)]
    public void AGoodUriOrAPath_IsAccepted(string? database)
    {
        Assert.DoesNotThrow(() => PolicyHosting.Validate(new ControlPlaneOptions { Policies = { Database = database } }));
    }
}

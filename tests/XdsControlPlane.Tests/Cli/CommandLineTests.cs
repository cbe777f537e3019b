using XdsControlPlane.Cli;

namespace XdsControlPlane.Tests.Cli;

public sealed class CommandLineTests
{
    [TestCase("--manifests", "dir", ExpectedResult = false)]
    [TestCase("--xds-port", "0", ExpectedResult = false)]
    [TestCase("help", null, ExpectedResult = true)]
    public bool ServerOptions_AreNotCommands(string first, string? second) =>
        CommandLine.IsCommand(second is null ? [first] : [first, second]);

    [Test]
    public void NoArguments_RunsTheServer() => Assert.That(CommandLine.IsCommand([]), Is.False);

    [Test]
    public async Task Help_ListsUsageAndSucceeds()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CommandLine.RunAsync(["help"], output, error);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(output.ToString(), Does.Contain("usage: XdsControlPlane"));
        });
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace XdsControlPlane.Testing;

/// <summary>
/// A real PostgreSQL server (Debian's package) for tests: <c>initdb</c> in a temporary directory, listening on
/// 127.0.0.1 on a free port, password authentication; stopped and deleted on dispose. As root it runs as the
/// <c>postgres</c> user (PostgreSQL refuses root). Every command it runs is bounded in time. Start one per fixture and
/// give each test its own database (<see cref="CreateDatabaseAsync"/>).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>Set (to 1) in CI: a missing PostgreSQL fails the tests instead of skipping them.</summary>
    public const string RequireVariable = "XDS_REQUIRE_POSTGRES";

    /// <summary>The superuser the tests connect as.</summary>
    public const string User = "xds";

    /// <summary>Its password (the URIs carry it, so tests can check it is never shown).</summary>
    public const string Password = "pg-test-secret";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private readonly string _bin;
    private readonly string _dir;
    private int _databases;

    private PostgresServer(string bin, string dir, int port)
    {
        _bin = bin;
        _dir = dir;
        Port = port;
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>True while the server runs (between start and stop).</summary>
    public bool Running { get; private set; }

    /// <summary>True when the environment demands PostgreSQL (CI).</summary>
    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>The directory of <c>initdb</c> and <c>pg_ctl</c>, or null when PostgreSQL is not installed.</summary>
    public static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "pg_ctl"))).OrderDescending().FirstOrDefault()
            : null;

    /// <summary>Creates and starts a server.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is not installed, or would not start (the message says why).</exception>
    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql)");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the test PostgreSQL server runs Debian's package");
        }

        var dir = Directory.CreateTempSubdirectory("xds-pg-").FullName;
        // The server runs as postgres: it must be able to write here (data, socket, log).
        File.SetUnixFileMode(dir, (UnixFileMode)0x1FF);
        var passwordFile = Path.Combine(dir, "password");
        await File.WriteAllTextAsync(passwordFile, Password + "\n");
        var server = new PostgresServer(bin, dir, FreePort());
        try
        {
            await server.RunAsync("initdb", "-D", server.DataDirectory, "-U", User, $"--pwfile={passwordFile}", "-A", "scram-sha-256", "--no-sync", "-E", "UTF8", "--locale=C");
            await server.StartAgainAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopNow();
        return server;
    }

    /// <summary>
    /// Starts a server for a test fixture. Without PostgreSQL installed, calls <paramref name="skip"/> (Assert.Ignore)
    /// unless <see cref="Required"/>, in which case it fails.
    /// </summary>
    public static async Task<PostgresServer> StartForTestsAsync(Action<string> skip)
    {
        if (FindBinaries() is null && !Required)
        {
            skip($"PostgreSQL is not installed (apt-get install postgresql); set {RequireVariable}=1 to fail instead");
        }

        return await StartAsync();
    }

    private string DataDirectory => Path.Combine(_dir, "data");

    /// <summary>A URI of <paramref name="database"/> on this server, with the user and password.</summary>
    public string Uri(string database) => $"postgresql://{User}:{Password}@127.0.0.1:{Port}/{database}";

    /// <summary>Creates an empty database and returns its URI.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"test_{Interlocked.Increment(ref _databases)}");
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return Uri(name);
    }

    /// <summary>An Npgsql connection string of <paramref name="database"/>, for tests acting as another client.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = User,
        Password = Password,
        Database = database,
        Pooling = false,
    }.ConnectionString;

    /// <summary>Stops the server the way a crash or a lost network does (immediate shutdown): clients see broken connections.</summary>
    public async Task StopAsync()
    {
        await RunAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop");
        Running = false;
    }

    /// <summary>Starts the (stopped) server again on the same port, with its data.</summary>
    public async Task StartAgainAsync()
    {
        var settings = string.Create(CultureInfo.InvariantCulture,
            $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200");
        await RunAsync("pg_ctl", "-D", DataDirectory, "-o", settings, "-l", Path.Combine(_dir, "log"), "-w", "-t", "30", "start");
        Running = true;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Running)
        {
            try
            {
                await StopAsync();
            }
            catch (InvalidOperationException)
            {
                // Deleting the directory below ends a server that would not stop.
            }
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void StopNow()
    {
        if (Running)
        {
            using var process = Process.Start(Command("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "stop"]));
            process?.WaitForExit(10_000);
        }
    }

    private ProcessStartInfo Command(string tool, string[] arguments)
    {
        // PostgreSQL refuses to run as root: as root, run its tools as the postgres user.
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "runuser" : Path.Combine(_bin, tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _dir,
        };
        if (asRoot)
        {
            foreach (var argument in new[] { "-u", "postgres", "--", Path.Combine(_bin, tool) })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private async Task RunAsync(string tool, params string[] arguments)
    {
        using var process = Process.Start(Command(tool, arguments)) ?? throw new InvalidOperationException($"could not start {tool}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{tool} did not finish within {CommandTimeout}");
        }

        if (process.ExitCode != 0)
        {
            var log = Path.Combine(_dir, "log");
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {await errors}{await output}{(File.Exists(log) ? await File.ReadAllTextAsync(log) : "")}");
        }
    }
}

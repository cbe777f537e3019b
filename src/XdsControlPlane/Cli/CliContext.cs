using System.Net.Http.Headers;

namespace XdsControlPlane.Cli;

/// <summary>What every subcommand gets: a client for the server's diagnostics API and the output streams.</summary>
internal sealed class CliContext : IDisposable
{
    /// <summary>Creates a context for the server at <paramref name="server"/>, sending <paramref name="token"/> as a bearer token if set.</summary>
    public CliContext(Uri server, string? token, TextWriter output, TextWriter error, HttpMessageHandler? handler = null)
    {
        Server = server;
        Output = output;
        Error = error;
        Http = handler is null ? new HttpClient() : new HttpClient(handler);
        Http.BaseAddress = server;
        Http.Timeout = TimeSpan.FromSeconds(30);
        if (!string.IsNullOrEmpty(token))
        {
            Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>The diagnostics base address, e.g. <c>http://127.0.0.1:18080/</c>.</summary>
    public Uri Server { get; }

    /// <summary>Client with <see cref="Server"/> as base address.</summary>
    public HttpClient Http { get; }

    /// <summary>Standard output.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>Prints a failed response (status and body) to <see cref="Error"/>; returns exit code 1.</summary>
    public async Task<int> FailAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        await Error.WriteLineAsync($"{(int)response.StatusCode} {response.ReasonPhrase}: {body}");
        return 1;
    }

    /// <inheritdoc />
    public void Dispose() => Http.Dispose();
}

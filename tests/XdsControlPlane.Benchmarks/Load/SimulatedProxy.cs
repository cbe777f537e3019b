using System.Collections.Concurrent;
using System.Net;
using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Benchmarks.Load;

/// <summary>What every simulated proxy of a run shares.</summary>
internal sealed class LoadContext(Uri server, UpdateTracker tracker, CancellationToken stopping, string? gateway = null)
{
    private readonly ConcurrentDictionary<string, string[]> _names = new(StringComparer.Ordinal);

    public Uri Server { get; } = server;

    public UpdateTracker Tracker { get; } = tracker;

    /// <summary>The Gateway (<c>namespace/name</c>) the proxies claim in their node metadata, if any.</summary>
    public string? Gateway { get; } = gateway;

    /// <summary>Cancelled on global timeout or at the end of the run.</summary>
    public CancellationToken Stopping { get; } = stopping;

    /// <summary>Set when the run is over, so stream ends are not counted as failures.</summary>
    public volatile bool ShuttingDown;

    /// <summary>
    /// Names read from a response (cluster names, route names), cached by a key naming the response or resource
    /// version. Every proxy receives the same bytes, so each distinct response is parsed once: the load generator
    /// shares two cores with the server and must leave the CPU to it.
    /// </summary>
    public bool TryGetNames(string key, out string[] names) => _names.TryGetValue(key, out names!);

    /// <summary>Caches <paramref name="names"/> under <paramref name="key"/>.</summary>
    public void Remember(string key, string[] names) => _names.TryAdd(key, names);

    /// <summary>Route configuration names an encoded Listener refers to (HCM with RDS, in filter chains or api_listener).</summary>
    public static string[] RouteNamesOf(ReadOnlySpan<byte> listenerBytes)
    {
        var listener = Listener.Parser.ParseFrom(listenerBytes);
        var configs = listener.FilterChains.Append(listener.DefaultFilterChain).Where(c => c is not null)
            .SelectMany(c => c.Filters).Select(f => f.TypedConfig).Append(listener.ApiListener?.ApiListener_);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var config in configs)
        {
            if (config is not null && config.TryUnpack<HttpConnectionManager>(out var hcm)
                && hcm.RouteSpecifierCase == HttpConnectionManager.RouteSpecifierOneofCase.Rds)
            {
                names.Add(hcm.Rds.RouteConfigName);
            }
        }

        return names.ToArray();
    }
}

/// <summary>
/// One simulated proxy: its own <see cref="HttpClient"/> and <see cref="SocketsHttpHandler"/>, hence its own HTTP/2
/// connection, holding one ADS stream. It subscribes like Envoy (CDS wildcard, then EDS for the clusters it got,
/// then LDS wildcard, then RDS for the routes its listeners name) and ACKs every response.
/// </summary>
internal abstract class SimulatedProxy(int index, LoadContext context)
{
    /// <summary>Type indexes for per-type counters.</summary>
    public const int Cds = 0, Eds = 1, Lds = 2, Rds = 3;

    private TaskCompletionSource<bool> _configured = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HttpClient? _client;
    private GrpcTestCall? _call;
    private Task? _loop;
    private int _configuredTypes;

    public int Index { get; } = index;

    protected LoadContext Context { get; } = context;

    /// <summary>The last update this stream's EDS ACK was attributed to (written by its receive loop only).</summary>
    public int LastCountedUpdate { get; set; } = -1;

    /// <summary>All four types have had a response and it was ACKed.</summary>
    public bool Configured { get; private set; }

    /// <summary>The stream ended or failed.</summary>
    public bool Ended { get; private set; }

    /// <summary>Why the stream failed, if it did.</summary>
    public string? Failure { get; private set; }

    /// <summary>Where the stream is in its start-up (for diagnostics).</summary>
    public string Stage { get; private set; } = "new";

    /// <summary>Connection attempts made.</summary>
    public int Attempts { get; private set; }

    /// <summary>Payload bytes received per type before the stream was configured (the initial full push).</summary>
    public long[] InitialBytes { get; } = new long[4];

    /// <summary>Responses received per type before the stream was configured.</summary>
    public int[] InitialResponses { get; } = new int[4];

    /// <summary>Responses received in all.</summary>
    public long Responses { get; private set; }

    protected Node Node
    {
        get
        {
            var node = new Node { Id = "bench-proxy-" + Index.ToString("D5", System.Globalization.CultureInfo.InvariantCulture), Cluster = "bench", UserAgentName = "xds-bench", UserAgentVersion = "1.0" };
            if (Context.Gateway is { } gateway)
            {
                // As an Envoy deployed for that Gateway: the server picks the profile gateway/<namespace>/<name>.
                node.Metadata = new Google.Protobuf.WellKnownTypes.Struct();
                node.Metadata.Fields["gateway"] = Google.Protobuf.WellKnownTypes.Value.ForString(gateway);
            }

            return node;
        }
    }

    /// <summary>Time from the first connection attempt to the initial configuration ACKed (all four types).</summary>
    public TimeSpan? ConnectToConfigured { get; private set; }

    protected abstract string Method { get; }

    /// <summary>Connects and waits until the initial configuration is ACKed; retries a failed connection.</summary>
    public async Task<bool> StartAsync(int maxAttempts, TimeSpan perAttempt)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 1; attempt <= maxAttempts && !Context.Stopping.IsCancellationRequested; attempt++)
        {
            Attempts = attempt;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Context.Stopping);
                timeout.CancelAfter(perAttempt);
                _client = GrpcTestCall.CreateClient(() => new SocketsHttpHandler
                {
                    UseProxy = false,
                    UseCookies = false,
                    AllowAutoRedirect = false,
                    AutomaticDecompression = DecompressionMethods.None,
                    EnableMultipleHttp2Connections = false,
                    PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                    ConnectTimeout = TimeSpan.FromSeconds(15),
                });
                Stage = "connecting";
                _call = await GrpcTestCall.StartAsync(_client, Context.Server, Method, cancellationToken: timeout.Token).ConfigureAwait(false);
                Stage = "sending first request";
                await SendInitialAsync().ConfigureAwait(false);
                Stage = "receiving";
                _loop = ReceiveLoopAsync();
                if (await _configured.Task.WaitAsync(timeout.Token).ConfigureAwait(false))
                {
                    ConnectToConfigured = clock.Elapsed;
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or TimeoutException)
            {
                Failure = $"attempt {attempt}: {e.GetType().Name}: {e.Message}";
            }

            if (Configured)
            {
                return true;
            }

            await ResetAsync().ConfigureAwait(false);
            if (attempt < maxAttempts)
            {
                await Task.Delay(200 * attempt, Context.Stopping).ConfigureAwait(false);
            }
        }

        return false;
    }

    /// <summary>A one-line description of the stream's progress, for diagnosing stuck streams.</summary>
    public string Describe() =>
        $"#{Index} attempt {Attempts} stage '{Stage}' acked-types 0b{Convert.ToString(_configuredTypes, 2)} responses CDS/EDS/LDS/RDS {string.Join('/', InitialResponses)} ended {Ended} {Failure}";

    /// <summary>Closes the stream and its connection.</summary>
    public Task CloseAsync() => ResetAsync();

    /// <summary>Sends the stream's first request.</summary>
    protected abstract Task SendInitialAsync();

    /// <summary>Handles one response payload: ACK it and adjust subscriptions.</summary>
    protected abstract Task OnResponseAsync(byte[] payload);

    /// <summary>Sends one request message.</summary>
    protected Task SendAsync(IMessage request) => _call!.SendRawAsync(request.ToByteArray(), Context.Stopping);

    /// <summary>Counts a response and attributes it to the initial push while the stream is not configured yet.</summary>
    protected void Count(int type, int bytes)
    {
        Responses++;
        if (!Configured)
        {
            InitialBytes[type] += bytes;
            InitialResponses[type]++;
        }

        Context.Tracker.Response(type);
    }

    /// <summary>Marks a type as ACKed; once all four are, the stream is configured.</summary>
    protected void Acked(int type)
    {
        _configuredTypes |= 1 << type;
        if (_configuredTypes == 0b1111 && !Configured)
        {
            Configured = true;
            _configured.TrySetResult(true);
        }
    }

    protected static int TypeIndex(string typeUrl) => typeUrl switch
    {
        TypeUrls.Cluster => Cds,
        TypeUrls.ClusterLoadAssignment => Eds,
        TypeUrls.Listener => Lds,
        TypeUrls.RouteConfiguration => Rds,
        _ => throw new InvalidDataException($"unexpected type_url '{typeUrl}'"),
    };

    private async Task ReceiveLoopAsync()
    {
        var configured = _configured;
        await Task.Yield();
        try
        {
            while (await _call!.ReadFrameAsync(Context.Stopping).ConfigureAwait(false) is { } payload)
            {
                await OnResponseAsync(payload).ConfigureAwait(false);
            }

            if (!Context.ShuttingDown)
            {
                var (status, message) = _call.Status;
                Failure = $"server ended the stream: grpc-status {status} {message}";
            }
        }
        catch (Exception e) when (!Context.ShuttingDown)
        {
            Failure = $"{e.GetType().Name}: {e.Message}";
        }
        catch (Exception)
        {
            // The run is over; streams are being torn down.
        }
        finally
        {
            Ended = true;
            configured.TrySetResult(false);
        }
    }

    private async Task ResetAsync()
    {
        Ended = false;
        if (_call is not null)
        {
            try
            {
                await _call.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }

        _client?.Dispose();
        if (_loop is not null)
        {
            await Task.WhenAny(_loop, Task.Delay(1000)).ConfigureAwait(false);
        }

        (_call, _client, _loop) = (null, null, null);
        _configured = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _configuredTypes = 0;
        Array.Clear(InitialBytes);
        Array.Clear(InitialResponses);
        OnReset();
    }

    /// <summary>Forgets per-stream protocol state before a reconnection.</summary>
    protected abstract void OnReset();
}

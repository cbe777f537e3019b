using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using XdsControlPlane.Model;
using XdsControlPlane.Sources.Kubernetes.Api;
using XdsControlPlane.Sources.Kubernetes.Informers;
using XdsControlPlane.Sources.Kubernetes.Status;
using XdsControlPlane.Sources.Mapping;

namespace XdsControlPlane.Sources.Kubernetes;

/// <summary>
/// Serves a Kubernetes cluster as model contexts. One informer per watched kind (and namespace, when scoped) keeps
/// a cache of mapped objects; the first model is built once every informer has synced, later events that change
/// what the compiler reads feed one debounced rebuild (quiet period, capped), and a rebuild with an unchanged
/// content hash is not published. Status reported by the host is written back by the elected leader only.
/// </summary>
public sealed partial class KubernetesSource : IModelSource
{
    private static readonly ResourceType[] _labelScoped = [ResourceType.Gateway, ResourceType.HttpRoute, ResourceType.GrpcRoute, ResourceType.XdsPolicy];
    private readonly IKubernetesApi _api;
    private readonly IDisposable? _ownedApi;
    private readonly KubernetesSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<Informer> _informers = [];
    private readonly IReadOnlyList<string> _namespaces;
    private readonly Lock _reloadGate = new();
    private int _disposed;
    private readonly StatusWriter? _status;
    private readonly LeaderElector? _elector;
    private ModelContext _current = ModelContext.Empty;
    private Debouncer? _debouncer;
    private long _generation;

    /// <summary>Creates the source for the cluster <paramref name="options"/> name; nothing is read before <see cref="StartAsync"/>.</summary>
    /// <exception cref="InvalidOperationException">No kubeconfig or in-cluster configuration is usable (the message says why).</exception>
    public KubernetesSource(KubernetesSourceOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggers = null)
        : this(ClusterConfig.Resolve(options.Kubeconfig), options, timeProvider, loggers)
    {
    }

    private KubernetesSource(KubernetesClientConfiguration config, KubernetesSourceOptions options, TimeProvider? timeProvider, ILoggerFactory? loggers)
        : this(new KubernetesApi(config), options, timeProvider, loggers, config.Namespace)
    {
        _ownedApi = (IDisposable)_api;
        Server = new Uri(config.Host);
    }

    /// <summary>Creates the source over <paramref name="api"/> (tests).</summary>
    internal KubernetesSource(IKubernetesApi api, KubernetesSourceOptions options, TimeProvider? timeProvider, ILoggerFactory? loggers, string? podNamespace = null)
    {
        (_api, _options, _time) = (api, options, timeProvider ?? TimeProvider.System);
        loggers ??= NullLoggerFactory.Instance;
        _logger = loggers.CreateLogger<KubernetesSource>();
        _namespaces = options.NamespaceList();
        foreach (var type in ResourceType.Watched)
        {
            var selector = _labelScoped.Contains(type) ? options.LabelSelector : null;
            var scopes = _namespaces.Count == 0 || !type.Namespaced ? [null] : _namespaces.Select(n => (string?)n);
            foreach (var ns in scopes)
            {
                // Only TLS Secrets are mapped: leave the rest (tokens, Helm releases, ...) on the server.
                var fields = type == ResourceType.Secret ? "type=kubernetes.io/tls" : null;
                var informer = new Informer(api, type, new InformerOptions(ns, selector, options.PageSize, options.InitialBackoff, options.MaxBackoff, fields), _time, loggers.CreateLogger<Informer>());
                informer.Changed += OnInformerChanged;
                _informers.Add(informer);
            }
        }

        if (options.WriteStatus)
        {
            _status = new StatusWriter(api, Find, options.ControllerName, _time, loggers.CreateLogger<StatusWriter>(), options.InitialBackoff);
            _elector = new LeaderElector(api, options.LeaseNamespace ?? podNamespace ?? "default", options.LeaseName, options.ResolveIdentity(),
                options.LeaseDuration, options.RetryPeriod, _time, loggers.CreateLogger<LeaderElector>());
            _elector.LeadershipChanged += leading => _status.Active = leading;
        }
    }

    /// <summary>The API server's address (null for a source built over a test seam).</summary>
    public Uri? Server { get; }

    /// <inheritdoc />
    public string Name => $"kubernetes:{Server?.ToString() ?? "api"}{(_namespaces.Count == 0 ? "" : $" namespaces {string.Join(',', _namespaces)}")}";

    /// <inheritdoc />
    public ModelContext Current => Volatile.Read(ref _current);

    /// <summary>Whether this replica leads and writes status.</summary>
    public bool IsLeader => _elector?.IsLeader ?? false;

    /// <inheritdoc />
    public event EventHandler<ModelContext>? Changed;

    /// <summary>For tests: raised after every rebuild, with whether it published a model.</summary>
    internal event Action<bool>? Rebuilt;

    /// <summary>For tests: the status writer (null when status writing is off).</summary>
    internal StatusWriter? StatusWriter => _status;

    /// <summary>For tests: the informers.</summary>
    internal IReadOnlyList<Informer> Informers => _informers;

    /// <inheritdoc />
    /// <remarks>Waits until every informer has listed its kind (a kind whose CRD is missing counts as synced and empty).</remarks>
    public async Task<ModelContext> StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _debouncer, new Debouncer(_time, _options.QuietPeriod, _options.MaxDelay, Rebuild), null) is not null)
        {
            throw new InvalidOperationException($"{Name} was already started");
        }

        foreach (var informer in _informers)
        {
            informer.Start();
        }

        _status?.Start();
        _elector?.Start();
        LogWaitingForSync(Name, _informers.Count);
        await Task.WhenAll(_informers.Select(i => i.Synced)).WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_reloadGate)
        {
            var model = Build() with { Generation = 1 };
            _generation = 1;
            Volatile.Write(ref _current, model);
            LogBuilt(model.Generation, model.ContentHash, model.SourceErrors.Count);
            return model;
        }
    }

    /// <summary>
    /// The statuses the compiler computed for the newest model, and its errors: written back by the leader (objects
    /// that failed validation get Accepted=False with the errors). Cheap: the writing happens in the background.
    /// </summary>
    public void ReportStatus(IReadOnlyList<ObjectStatus> statuses, IReadOnlyList<ModelError> errors) => _status?.Report(statuses, errors);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _debouncer?.Dispose();
        if (_elector is not null)
        {
            await _elector.DisposeAsync().ConfigureAwait(false);
        }

        if (_status is not null)
        {
            await _status.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var informer in _informers)
        {
            await informer.DisposeAsync().ConfigureAwait(false);
        }

        _ownedApi?.Dispose();
    }

    private void OnInformerChanged() => _debouncer?.Signal();

    private ModelContext Build()
    {
        var objects = new List<MappedObject>();
        var problems = new List<ModelError>();
        var reported = new HashSet<ResourceType>();
        var theirClasses = _informers.Where(i => i.Type == ResourceType.GatewayClass).SelectMany(i => i.Objects())
            .Where(c => c.Mapped.Value is GatewayClassModel m && m.ControllerName != _options.ControllerName)
            .Select(c => c.Mapped.Ref.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var informer in _informers)
        {
            foreach (var cached in informer.Objects())
            {
                // A Gateway of another controller that we cannot read (a protocol or TLS mode we lack) is theirs: not an error of ours.
                if (cached.Mapped.Value is null && informer.Type == ResourceType.Gateway && cached.ClassName is { } c && theirClasses.Contains(c))
                {
                    continue;
                }

                if (informer.Type != ResourceType.Namespace || _namespaces.Count == 0 || _namespaces.Contains(cached.Mapped.Ref.Name))
                {
                    objects.Add(cached.Mapped);
                }
            }

            // One warning per kind, however many namespaces are watched.
            if (informer.Problem is { } problem && reported.Add(informer.Type))
            {
                var crd = new ObjectRef("CustomResourceDefinition", "", $"{informer.Type.Plural}.{informer.Type.Group}");
                problems.Add(new ModelError(crd, "", problem, "NotInstalled") { Severity = ModelErrorSeverity.Warning });
            }
        }

        return ModelContextBuilder.Build(objects, problems);
    }

    private void Rebuild()
    {
        lock (_reloadGate)
        {
            if (_generation == 0)
            {
                return;
            }

            var model = Build();
            var published = model.ContentHash != _current.ContentHash;
            if (published)
            {
                model = model with { Generation = ++_generation };
                Volatile.Write(ref _current, model);
                LogBuilt(model.Generation, model.ContentHash, model.SourceErrors.Count);
                try
                {
                    Changed?.Invoke(this, model);
                }
                catch (Exception e)
                {
                    LogHandlerFailed(e);
                }
            }

            Rebuilt?.Invoke(published);
        }
    }

    private CachedObject? Find(ObjectRef obj)
    {
        var type = obj.Kind switch
        {
            "GatewayClass" => ResourceType.GatewayClass,
            "Gateway" => ResourceType.Gateway,
            "HTTPRoute" => ResourceType.HttpRoute,
            "GRPCRoute" => ResourceType.GrpcRoute,
            "XdsPolicy" => ResourceType.XdsPolicy,
            _ => null,
        };
        return _informers.Where(i => i.Type == type && (i.Namespace is null || i.Namespace == obj.Namespace))
            .Select(i => i.Find(obj.Namespace, obj.Name)).FirstOrDefault(c => c is not null);
    }
}

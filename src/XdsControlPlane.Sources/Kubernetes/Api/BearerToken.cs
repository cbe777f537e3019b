namespace XdsControlPlane.Sources.Kubernetes.Api;

/// <summary>
/// The bearer token sent with every request: a fixed value (kubeconfig <c>token</c>) or a file (the service account
/// token, kubeconfig <c>tokenFile</c>). A file is read again whenever its modification time changes, and after a 401,
/// because the kubelet rotates projected service account tokens in place.
/// </summary>
internal sealed class BearerToken
{
    private readonly string? _path;
    private readonly Lock _gate = new();
    private string? _value;
    private DateTime _readAt;

    private BearerToken(string? value, string? path) => (_value, _path) = (value, path);

    /// <summary>A fixed token.</summary>
    public static BearerToken Fixed(string value) => new(value, null);

    /// <summary>A token read from <paramref name="path"/>, re-read when the file changes.</summary>
    public static BearerToken FromFile(string path) => new(null, path);

    /// <summary>Where a file token comes from (null for a fixed one).</summary>
    public string? Path => _path;

    /// <summary>The token to send now.</summary>
    /// <exception cref="IOException">The token file cannot be read.</exception>
    public string Current()
    {
        if (_path is null)
        {
            return _value!;
        }

        lock (_gate)
        {
            var written = File.GetLastWriteTimeUtc(_path);
            if (_value is null || written != _readAt)
            {
                _value = File.ReadAllText(_path).Trim();
                _readAt = written;
            }

            return _value;
        }
    }

    /// <summary>The server refused the token: read the file again on the next request even if its time did not change.</summary>
    public void Invalidate()
    {
        if (_path is null)
        {
            return;
        }

        lock (_gate)
        {
            _value = null;
        }
    }
}

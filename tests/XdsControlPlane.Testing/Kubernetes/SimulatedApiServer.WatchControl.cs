using System.Globalization;
using System.Text.Json.Nodes;

namespace XdsControlPlane.Testing.Kubernetes;

/// <summary>What a test does to open watches: bookmarks, dropped and ended streams, mangled lines, and waiting for one to open.</summary>
public sealed partial class SimulatedApiServer
{
    /// <summary>Sends a BOOKMARK with the current resourceVersion on every open watch that asked for bookmarks.</summary>
    public void Bookmark()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers.Where(w => w.Bookmarks))
            {
                var kind = _kinds.GetValueOrDefault(watcher.Plural);
                var bookmark = new JsonObject
                {
                    ["kind"] = kind?.Kind,
                    ["apiVersion"] = kind?.ApiVersion,
                    ["metadata"] = new JsonObject { ["resourceVersion"] = _version.ToString(CultureInfo.InvariantCulture) },
                };
                watcher.Send("BOOKMARK", bookmark);
            }
        }
    }

    /// <summary>Breaks every open watch connection, as a network failure or an API server restart would.</summary>
    public void DropWatches()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Drop();
            }

            _watchers.Clear();
        }
    }

    /// <summary>Ends every open watch normally, as the server does when a watch's timeoutSeconds run out.</summary>
    public void EndWatches()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Close();
            }
        }
    }

    /// <summary>Sends <paramref name="line"/>, which need not be a watch event, on every open watch of <paramref name="plural"/> (a proxy mangling the stream).</summary>
    public void SendWatchLine(string plural, string line)
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers.Where(w => w.Plural == plural))
            {
                watcher.SendLine(line);
            }
        }
    }

    /// <summary>The number of open watches of <paramref name="plural"/>.</summary>
    public int OpenWatches(string plural)
    {
        lock (_gate)
        {
            return _watchers.Count(w => w.Plural == plural);
        }
    }

    /// <summary>Completes once a watch of <paramref name="plural"/> is open (events applied from then on reach it); fails naming <paramref name="awaiting"/> on timeout.</summary>
    public async Task WaitForOpenWatchAsync(string plural, string awaiting, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_watchers.Any(w => w.Plural == plural))
            {
                return;
            }

            _awaitedWatches.Add((plural, done));
        }

        try
        {
            await done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the simulated API server had no open watch for {awaiting}; requests so far:\n{string.Join('\n', Requests)}");
        }
    }
}

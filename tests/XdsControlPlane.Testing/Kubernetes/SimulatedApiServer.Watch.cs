using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace XdsControlPlane.Testing.Kubernetes;

/// <summary>Watches: history replay from a resourceVersion, live events, bookmarks, 410 Gone, dropped connections.</summary>
public sealed partial class SimulatedApiServer
{
    // Under _gate: records the event and hands it to every matching watch, so all see events in version order.
    private void Emit(SimulatedKind kind, string type, JsonObject obj, long version)
    {
        var copy = obj.DeepClone().AsObject();
        _history.Add((version, kind.Plural, type, copy));
        foreach (var watcher in _watchers.Where(w => w.Plural == kind.Plural && w.Matches(copy)))
        {
            watcher.Send(type, copy);
        }
    }

    private Task WatchAsync(HttpContext context, SimulatedKind kind, string? ns, RecordedRequest request)
    {
        var from = long.TryParse(request["resourceVersion"], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
        var watcher = new Watcher(kind.Plural, ns, Selector.Parse(request["labelSelector"]), Selector.Parse(request["fieldSelector"]), request["allowWatchBookmarks"] == "true", context);
        JsonObject? gone = null;
        lock (_gate)
        {
            if (from > 0 && from < _compactedBelow - 1)
            {
                // The real server answers a watch from a compacted version with a 200 stream holding one ERROR event.
                gone = StatusObject(410, "Expired", $"too old resource version: {from} ({_compactedBelow - 1})");
                watcher.Send("ERROR", gone);
                watcher.Close();
            }
            else
            {
                // No version: the current state as ADDED events, then changes; a version: what happened after it.
                var replay = from == 0
                    ? _objects[kind.Plural].Values.Select(o => ("ADDED", o))
                    : _history.Where(h => h.Version > from && h.Plural == kind.Plural).Select(h => (h.Type, h.Object));
                foreach (var (type, obj) in replay.Where(r => watcher.Matches(r.Item2)))
                {
                    watcher.Send(type, obj);
                }

                _watchers.Add(watcher);
                foreach (var (_, done) in _awaitedWatches.Where(a => a.Plural == kind.Plural))
                {
                    done.TrySetResult();
                }

                _awaitedWatches.RemoveAll(a => a.Plural == kind.Plural);
            }
        }

        if (gone is not null && WatchGoneAsHttpStatus)
        {
            context.Response.StatusCode = 410;
            return WriteJsonAsync(context, gone);
        }

        return StreamAsync(context, watcher, request);
    }

    private async Task StreamAsync(HttpContext context, Watcher watcher, RecordedRequest request)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync().ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (int.TryParse(request["timeoutSeconds"], CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        try
        {
            await foreach (var line in watcher.Lines.ReadAllAsync(timeout.Token).ConfigureAwait(false))
            {
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), timeout.Token).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The watch timed out or the client went away: end the stream normally.
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(watcher);
            }
        }
    }

    private sealed class Watcher(string plural, string? ns, Selector selector, Selector fields, bool bookmarks, HttpContext context)
    {
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

        public string Plural { get; } = plural;

        public bool Bookmarks { get; } = bookmarks;

        public ChannelReader<string> Lines => _lines.Reader;

        public bool Matches(JsonObject obj) =>
            (ns is null || (string?)obj["metadata"]?["namespace"] == ns) && selector.Matches(obj["metadata"]?["labels"] as JsonObject) && fields.MatchesFields(obj);

        public void Send(string type, JsonObject obj) =>
            _lines.Writer.TryWrite(new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString());

        public void SendLine(string line) => _lines.Writer.TryWrite(line);

        public void Close() => _lines.Writer.TryComplete();

        public void Drop()
        {
            _lines.Writer.TryComplete();
            context.Abort();
        }
    }
}

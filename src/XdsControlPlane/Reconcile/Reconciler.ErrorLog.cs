using XdsControlPlane.Model;

namespace XdsControlPlane.Reconcile;

/// <summary>
/// Logging of the model's errors and warnings: each is logged when it appears or changes (text or severity), and once
/// more when it goes away; not again at every rebuild. 500 policies on one target otherwise re-log 499 conflicts at
/// every write. <c>/api/v1/errors</c> always has the full list.
/// </summary>
internal sealed partial class Reconciler
{
    // What was logged, by error text, with the severity it was logged at. Touched under the rebuild lock only.
    private Dictionary<string, ModelErrorSeverity> _loggedErrors = new(StringComparer.Ordinal);

    private void LogErrorChanges(IReadOnlyList<ModelError> errors)
    {
        var current = new Dictionary<string, ModelErrorSeverity>(errors.Count, StringComparer.Ordinal);
        foreach (var error in errors)
        {
            var text = error.ToString();
            if (!current.TryAdd(text, error.Severity))
            {
                continue;
            }

            if (!_loggedErrors.TryGetValue(text, out var logged) || logged != error.Severity)
            {
                LogModelError(logger, error.Severity == ModelErrorSeverity.Warning ? LogLevel.Information : LogLevel.Warning, text);
            }
        }

        foreach (var text in _loggedErrors.Keys.Where(t => !current.ContainsKey(t)).Order(StringComparer.Ordinal))
        {
            LogModelErrorResolved(logger, text);
        }

        _loggedErrors = current;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "resolved: {Error}")]
    private static partial void LogModelErrorResolved(ILogger logger, string error);
}

namespace XdsControlPlane.Model.Policies;

/// <summary>Retries.</summary>
/// <param name="Attempts">Retries after the first try (1–10).</param>
/// <param name="PerTryTimeout">Timeout of each try.</param>
/// <param name="On">Conditions: Envoy retry_on values (5xx, gateway-error, reset, connect-failure, retriable-status-codes) or gRPC ones (cancelled, deadline-exceeded, unavailable, resource-exhausted, internal).</param>
/// <param name="RetriableStatusCodes">HTTP status codes retried with <c>retriable-status-codes</c>.</param>
/// <param name="BackoffBase">Base interval of the exponential backoff.</param>
/// <param name="BackoffMax">Cap of the backoff.</param>
public sealed record RetryPolicy(int Attempts, TimeSpan? PerTryTimeout, EquatableArray<string> On, EquatableArray<int> RetriableStatusCodes, TimeSpan? BackoffBase, TimeSpan? BackoffMax);

namespace XdsControlPlane.Model.Policies;

/// <summary>Load balancing.</summary>
/// <param name="Type">RoundRobin, LeastRequest, Random, RingHash or Maglev.</param>
/// <param name="HashOn">For RingHash and Maglev: what to hash.</param>
/// <param name="LocalityAware">Weight localities (EndpointSlice zones) instead of flattening them.</param>
public sealed record LoadBalancerPolicy(string Type, EquatableArray<HashKey> HashOn, bool LocalityAware);

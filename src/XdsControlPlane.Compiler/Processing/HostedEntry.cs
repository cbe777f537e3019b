using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>A route entry bound for one virtual host, with its effective policy.</summary>
/// <param name="Hostname">Virtual host hostname (<c>*</c> for any).</param>
/// <param name="Entry">The entry.</param>
/// <param name="Spec">Effective policy (rule over route over parent).</param>
internal sealed record HostedEntry(string Hostname, RouteEntry Entry, PolicySpec Spec);

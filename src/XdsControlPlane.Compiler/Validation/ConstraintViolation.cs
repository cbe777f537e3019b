namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// One broken <c>(validate.rules)</c> constraint: the kind of thing Envoy would NACK the resource for.
/// </summary>
/// <param name="Path">
/// The proto field path from the checked message, with proto field names, <c>[i]</c> for repeated elements and
/// <c>["key"]</c> for map entries, for example
/// <c>load_assignment.endpoints[0].lb_endpoints[1].endpoint.address.socket_address.port_value</c>. Fields of a
/// message packed in a <c>google.protobuf.Any</c> continue the path of the Any field, as in YAML:
/// <c>filter_chains[0].filters[0].typed_config.stat_prefix</c>. Empty when the violation is on the root itself.
/// </param>
/// <param name="Rule">
/// The rule broken, as written under <c>(validate.rules)</c>: <c>string.min_len</c>, <c>uint32.lte</c>,
/// <c>repeated.items.string.well_known_regex</c>, <c>map.keys.string.min_len</c>, <c>message.required</c>.
/// Three names are not option paths: <c>oneof.required</c> for <c>(validate.required)</c> on a oneof (the path
/// then names the oneof); <c>&lt;type&gt;.range</c> when a value falls in the span a reversed range excludes
/// (upper bound not above the lower one, e.g. <c>{lt: 10, gt: 20}</c>); and <c>any.unpack</c> when an Any names
/// a known type but its bytes do not parse as that type. When a value leaves a normal two-sided range, the rule
/// is the bound it broke.
/// </param>
/// <param name="Message">What is wrong, worded like protoc-gen-validate's own messages.</param>
public sealed record ConstraintViolation(string Path, string Rule, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message} [{Rule}]";
}

using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;

namespace XdsControlPlane.Compiler.Builders;

/// <summary>Small shared protobuf values.</summary>
internal static class Protos
{
    /// <summary>A config source pointing at the ADS stream the resource came on.</summary>
    public static ConfigSource Ads() => new() { Ads = new AggregatedConfigSource(), ResourceApiVersion = ApiVersion.V3 };

    /// <summary>A protobuf Duration.</summary>
    public static Duration Duration(TimeSpan value) => Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(value);

    /// <summary>A value for a UInt32Value wrapper field (non-negative), or null.</summary>
    public static uint? UInt32(int? value) => value is { } v ? (uint)Math.Max(0, v) : null;

    /// <summary>A percentage (0–100) as a fraction per million, the finest Envoy denominator.</summary>
    public static Envoy.Type.V3.FractionalPercent Fraction(double percent) => new()
    {
        Numerator = (uint)Math.Round(Math.Clamp(percent, 0, 100) * 10_000),
        Denominator = Envoy.Type.V3.FractionalPercent.Types.DenominatorType.Million,
    };
}

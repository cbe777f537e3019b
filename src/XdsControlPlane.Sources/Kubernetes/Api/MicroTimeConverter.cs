using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;

namespace XdsControlPlane.Sources.Kubernetes.Api;

/// <summary>
/// Writes times with exactly six fractional digits. The API server parses MicroTime fields (a Lease's acquireTime and
/// renewTime) with Go's <c>2006-01-02T15:04:05.000000Z07:00</c>, which demands all six; KubernetesClient 21.0.8 leaves
/// the fraction out of a time on a whole second, which the server would refuse (400). Time fields accept the fraction,
/// so every time is written this way. Reading stays the library's.
/// </summary>
internal sealed class MicroTimeConverter : JsonConverter<DateTime>
{
    private static readonly KubernetesJson.KubernetesDateTimeConverter _library = new();

    /// <inheritdoc />
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        _library.Read(ref reader, typeToConvert, options);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToUniversalTime().ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'", CultureInfo.InvariantCulture));
}

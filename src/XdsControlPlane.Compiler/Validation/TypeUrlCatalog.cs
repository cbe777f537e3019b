using System.Reflection;
using Google.Protobuf.Reflection;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// The message types a set of generated proto files defines, looked up by type URL. <see cref="Envoy"/> holds
/// every message of the XdsControlPlane.Envoy assembly and of the files it imports (google.protobuf included), so
/// the compiler can check that each typed extension config names a type Envoy can know.
/// </summary>
public sealed class TypeUrlCatalog
{
    /// <summary>The prefix <c>Any.Pack</c> writes and the compiler emits.</summary>
    public const string DefaultPrefix = "type.googleapis.com/";

    private static readonly Lazy<TypeUrlCatalog> _envoy = new(
        () => FromAssembly(typeof(global::Envoy.Config.Cluster.V3.Cluster).Assembly));

    private TypeUrlCatalog(TypeRegistry registry) => Registry = registry;

    /// <summary>Every message of the Envoy API assembly and its imports.</summary>
    public static TypeUrlCatalog Envoy => _envoy.Value;

    /// <summary>The registry behind the catalog, also usable for <c>Any</c> unpacking and JSON formatting.</summary>
    public TypeRegistry Registry { get; }

    /// <summary>A catalog of the messages in <paramref name="files"/> and, transitively, in their imports.</summary>
    public static TypeUrlCatalog FromFiles(IEnumerable<FileDescriptor> files) => new(TypeRegistry.FromFiles(files));

    /// <summary>
    /// A catalog of every file descriptor an assembly of generated code exposes (each <c>*Reflection.Descriptor</c>),
    /// with their imports. Reflection runs once, here, never per lookup.
    /// </summary>
    public static TypeUrlCatalog FromAssembly(Assembly assembly) =>
        FromFiles(assembly.GetTypes()
            .Where(t => t is { IsAbstract: true, IsSealed: true })
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(p => p?.PropertyType == typeof(FileDescriptor))
            .Select(p => (FileDescriptor)p!.GetValue(null)!));

    /// <summary>The type URL of a message type, with <see cref="DefaultPrefix"/>.</summary>
    public static string TypeUrlOf(MessageDescriptor descriptor) => DefaultPrefix + descriptor.FullName;

    /// <summary>
    /// The full message name a type URL names: what follows its last <c>/</c>, as Envoy reads it; null when
    /// the URL has no <c>/</c> or nothing after it.
    /// </summary>
    public static string? TypeNameOf(string typeUrl)
    {
        var slash = typeUrl.LastIndexOf('/');
        return slash < 0 || slash == typeUrl.Length - 1 ? null : typeUrl[(slash + 1)..];
    }

    /// <summary>The message type <paramref name="typeUrl"/> names, or null when the catalog has no such type.</summary>
    public MessageDescriptor? Find(string typeUrl) => TypeNameOf(typeUrl) is { } name ? Registry.Find(name) : null;

    /// <summary>Whether <paramref name="typeUrl"/> names a message type in the catalog.</summary>
    public bool IsKnown(string typeUrl) => Find(typeUrl) is not null;
}

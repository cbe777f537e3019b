using XdsControlPlane.Model;

namespace XdsControlPlane.Reconcile;

/// <summary>
/// Which source objects differ between two models. Every collection of a <see cref="ModelContext"/> is sorted by
/// identity, so one merge walk per collection finds them in linear time; objects a source kept (the same instance)
/// cost a reference comparison (records compare references first), rebuilt ones a record comparison. Namespaces
/// count as changed when their labels do (routes may select namespaces by label).
/// </summary>
internal static class ModelChanges
{
    /// <summary>The objects added, modified or removed from <paramref name="before"/> (null: nothing) to <paramref name="after"/>.</summary>
    public static IReadOnlyList<ModelChange> Between(ModelContext? before, ModelContext after)
    {
        ArgumentNullException.ThrowIfNull(after);
        before ??= ModelContext.Empty;
        if (ReferenceEquals(before, after))
        {
            return [];
        }

        var changes = new List<ModelChange>();
        Walk(before.Services, after.Services, s => s.Ref, changes);
        Walk(before.EndpointSlices, after.EndpointSlices, s => s.Ref, changes);
        Walk(before.Secrets, after.Secrets, s => s.Ref, changes);
        Walk(before.GatewayClasses, after.GatewayClasses, c => c.Ref, changes);
        Walk(before.Gateways, after.Gateways, g => g.Ref, changes);
        Walk(before.Routes, after.Routes, r => r.Ref, changes);
        Walk(before.Policies, after.Policies, p => p.Ref, changes);
        Walk(before.ReferenceGrants, after.ReferenceGrants, g => g.Ref, changes);
        Walk(before.NamespaceLabels, after.NamespaceLabels, n => new ObjectRef("Namespace", string.Empty, n.Key), changes);
        return changes;
    }

    private static void Walk<T>(EquatableArray<T> before, EquatableArray<T> after, Func<T, ObjectRef> identity, List<ModelChange> changes)
    {
        var equality = EqualityComparer<T>.Default;
        var (old, now) = (before.Items, after.Items);
        if (old == now)
        {
            return;
        }

        int i = 0, j = 0;
        while (i < old.Length || j < now.Length)
        {
            var order = i == old.Length ? 1 : j == now.Length ? -1 : identity(old[i]).CompareTo(identity(now[j]));
            if (order < 0)
            {
                changes.Add(Change(identity(old[i++]), ModelChange.Removed));
            }
            else if (order > 0)
            {
                changes.Add(Change(identity(now[j++]), ModelChange.Added));
            }
            else
            {
                if (!equality.Equals(old[i], now[j]))
                {
                    changes.Add(Change(identity(now[j]), ModelChange.Modified));
                }

                i++;
                j++;
            }
        }
    }

    private static ModelChange Change(ObjectRef o, string change) => new(o.Kind, o.Namespace, o.Name, change);
}

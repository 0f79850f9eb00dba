namespace Kinerja.Host;

/// <summary>Marker for the admin pages' and the inbox's texts: <c>Resources/AdminResource.resx</c> (Bahasa Indonesia) and <c>.en.resx</c> (English).</summary>
#pragma warning disable CA1052 // a marker type for IStringLocalizer<T>, never instantiated
public sealed class AdminResource;
#pragma warning restore CA1052

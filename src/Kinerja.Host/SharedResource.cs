namespace Kinerja.Host;

/// <summary>Marker for the UI's texts: <c>Resources/SharedResource.resx</c> (Bahasa Indonesia) and <c>.en.resx</c> (English).</summary>
#pragma warning disable CA1052 // a marker type for IStringLocalizer<T>, never instantiated
public sealed class SharedResource;
#pragma warning restore CA1052

namespace Kinerja.Host.Designer;

/// <summary>The admin's work in progress on one SOP: saved (and autosaved) from the designer, deployed only by publishing.</summary>
public sealed class DesignDraft
{
    public required string ProcessKey { get; set; }
    public required string Xml { get; set; }
    public DateTimeOffset SavedAt { get; set; }
    public string? SavedBy { get; set; }

    /// <summary>The deployed version the draft started from, if any.</summary>
    public int? BasedOnVersion { get; set; }
}

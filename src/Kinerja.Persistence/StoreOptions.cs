namespace Kinerja.Persistence;

public sealed record StoreOptions
{
    /// <summary>How many waiting commits the writer applies in one transaction at most.</summary>
    public int MaxBatchSize { get; init; } = 128;
}

namespace Kinerja.Host.Admin;

/// <summary>Where a paged list is and how to reach its other pages.</summary>
public sealed record Pager(int Page, int PageCount, Func<int, string> Link);

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Localization;

namespace Kinerja.Host.Localization;

/// <summary>
/// The cultures an <c>Accept-Language</c> header asks for, worked out once per distinct header. A browser sends the same
/// header with every request, and parsing its list (each entry's quality, then sorting them) was about 1 % of a task
/// completion's CPU when 200 officers posted at once (docs/benchmarks.md, session 19). What ASP.NET Core's provider answers
/// for a header is remembered, up to <see cref="Capacity"/> distinct headers; a header past that is parsed each time.
/// </summary>
internal sealed class AcceptLanguageMemory : AcceptLanguageHeaderRequestCultureProvider
{
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<string, Task<ProviderCultureResult?>> _answers = new(StringComparer.Ordinal);

    /// <summary>How many distinct headers are remembered.</summary>
    public int Count => _answers.Count;

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var header = httpContext.Request.Headers.AcceptLanguage;
        if (header.Count != 1 || header[0] is not { Length: > 0 } value)
        {
            return base.DetermineProviderCultureResult(httpContext);
        }

        if (_answers.TryGetValue(value, out var known))
        {
            return known;
        }

        // ASP.NET Core's provider answers from the header alone, synchronously.
        var answer = base.DetermineProviderCultureResult(httpContext);
        if (answer.IsCompletedSuccessfully && _answers.Count < Capacity)
        {
            _answers.TryAdd(value, answer);
        }

        return answer;
    }
}

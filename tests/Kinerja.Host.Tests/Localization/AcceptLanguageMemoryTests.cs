using Kinerja.Host.Localization;
using Kinerja.Host.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kinerja.Host.Tests.Localization;

/// <summary>
/// The host remembers what each distinct <c>Accept-Language</c> header asks for instead of parsing it on every request; it
/// answers exactly as ASP.NET Core's own provider does.
/// </summary>
public sealed class AcceptLanguageMemoryTests
{
    public static TheoryData<string> Headers => new()
    {
        "id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7",
        "en-US,en;q=0.9",
        "en;q=0.2, id;q=0.8, fr",
        "*",
        "xx-invalid;q=abc",
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public async Task AHeader_IsAnsweredAsAspNetCoreAnswersIt_AndRememberedForTheNextRequest(string header)
    {
        var memory = new AcceptLanguageMemory();

        var first = memory.DetermineProviderCultureResult(Request(header));
        var second = memory.DetermineProviderCultureResult(Request(header));

        Assert.Equal(Describe(await new AcceptLanguageHeaderRequestCultureProvider().DetermineProviderCultureResult(Request(header))), Describe(await first));
        Assert.Same(first, second);
    }

    [Fact]
    public async Task PastItsCapacity_AHeaderIsStillAnswered_ButNotRemembered()
    {
        var memory = new AcceptLanguageMemory();
        for (var i = 0; i < AcceptLanguageMemory.Capacity; i++)
        {
            await memory.DetermineProviderCultureResult(Request($"en;q=0.{i % 10}, id;q=0.{i / 10 % 10}, x-{i}"));
        }

        var first = memory.DetermineProviderCultureResult(Request("en-GB"));
        var second = memory.DetermineProviderCultureResult(Request("en-GB"));

        Assert.Equal("en-GB|en-GB", Describe(await first));
        Assert.NotSame(first, second);
        Assert.Equal("en-GB|en-GB", Describe(await second));
    }

    [Fact]
    public async Task NoHeader_OrSeveral_AreLeftToAspNetCore()
    {
        var memory = new AcceptLanguageMemory();
        Assert.Null(await memory.DetermineProviderCultureResult(new DefaultHttpContext()));

        var several = new DefaultHttpContext();
        several.Request.Headers.AcceptLanguage = new(["en-US", "id-ID"]);
        Assert.Equal(
            Describe(await new AcceptLanguageHeaderRequestCultureProvider().DetermineProviderCultureResult(several)),
            Describe(await memory.DetermineProviderCultureResult(several)));
    }

    [Fact]
    public async Task ThroughTheHost_EachBrowserGetsTheLanguageItsHeaderAsksFor()
    {
        // Over real HTTP: a browser sends the header as one line, which the in-memory test server would split in values.
        await using var host = await KinerjaHost.StartAsync(kestrel: true);
        using var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };

        Assert.Contains("<html lang=\"en\">", await PageAsync(client, "en-US,en;q=0.9"), StringComparison.Ordinal);
        Assert.Contains("<html lang=\"id\">", await PageAsync(client, "id-ID,id;q=0.9,en-US;q=0.8"), StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", await PageAsync(client, "en-US,en;q=0.9"), StringComparison.Ordinal);

        var memory = Assert.Single(host.Services.GetRequiredService<IOptions<RequestLocalizationOptions>>().Value.RequestCultureProviders.OfType<AcceptLanguageMemory>());
        Assert.Equal(2, memory.Count); // the two headers, each parsed once
    }

    private static async Task<string> PageAsync(HttpClient client, string acceptLanguage)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/masuk");
        request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage); // one header line, as a browser sends it
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static DefaultHttpContext Request(string acceptLanguage)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.AcceptLanguage = acceptLanguage;
        return context;
    }

    private static string? Describe(ProviderCultureResult? result) =>
        result is null ? null : string.Join(",", result.Cultures) + "|" + string.Join(",", result.UICultures);
}

using Microsoft.Playwright;

namespace Kinerja.Host.Tests.Support;

/// <summary>
/// One headless Debian Chromium (/usr/bin/chromium, installed by scripts/chromium.sh) driven by Playwright for all
/// browser tests; Playwright's own browser download is never used. Screenshots go to docs/ when asked.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run ./scripts/chromium.sh (./scripts/test.sh does) to install Debian's chromium.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A fresh browser context (own cookies) at the host's address, in the given UI language.</summary>
    public async Task<IPage> NewPageAsync(KinerjaHost host, string locale = "id-ID")
    {
        ArgumentNullException.ThrowIfNull(host);
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.BaseUrl,
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the real sign-in page.</summary>
    public static async Task SignInAsync(IPage page, string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/masuk");
        await page.FillAsync("#UserName", userName);
        await page.FillAsync("#Password", password);
        try
        {
            // Waiting is set up before the click: the redirect after a fast sign-in cannot slip past it. Arriving is
            // enough; what the test does next waits for the elements it needs.
            var left = page.WaitForURLAsync(url => !url.Contains("/masuk", StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
            await page.ClickAsync("button[type=submit]");
            await left;
        }
        catch (TimeoutException ex)
        {
            var text = await page.InnerTextAsync("body");
            throw new TimeoutException($"Signing in as {userName} did not leave the sign-in page; still at {page.Url}: {text[..Math.Min(text.Length, 500)]}", ex);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

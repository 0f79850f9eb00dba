using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Fluid;

namespace Kinerja.Host.Mail;

/// <summary>A mail rendered from the template files in <c>Mail/Templates/{culture}/</c>.</summary>
public sealed record RenderedMail(string Subject, string Html, string Text);

/// <summary>
/// Renders mail with Fluid (Liquid) from files an administrator can edit: per culture a subject, an HTML
/// body and a plain-text body. Templates are parsed once; only <see cref="MailModel"/> members are visible.
/// </summary>
public sealed class MailTemplates
{
    public static readonly IReadOnlyList<string> Cultures = ["id", "en"];

    private static readonly FluidParser Parser = new();
    private readonly string _folder;
    private readonly TemplateOptions _options = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> _parsed = new(StringComparer.Ordinal);

    public MailTemplates(string folder)
    {
        _folder = folder;
        _options.MemberAccessStrategy.Register<MailModel>();
        _options.MemberAccessStrategy.Register<DocumentLine>();
        _options.MemberAccessStrategy.Register<DigestLine>();
    }

    public static MailTemplates FromOutputFolder() => new(Path.Combine(AppContext.BaseDirectory, "Mail", "Templates"));

    public async Task<RenderedMail> RenderAsync(MailModel model, string culture)
    {
        ArgumentNullException.ThrowIfNull(model);
        var language = Cultures.Contains(culture) ? culture : Cultures[0];
        var subject = await RenderAsync(language, "subject.liquid", model, NullEncoder.Default);
        var html = await RenderAsync(language, "body.html.liquid", model, HtmlEncoder.Default);
        var text = await RenderAsync(language, "body.txt.liquid", model, NullEncoder.Default);
        return new RenderedMail(subject.Trim().ReplaceLineEndings(" "), html, text);
    }

    private async Task<string> RenderAsync(string culture, string file, MailModel model, TextEncoder encoder)
    {
        var template = _parsed.GetOrAdd(Path.Combine(culture, file), Parse);
        var context = new TemplateContext(model, _options);
        return await template.RenderAsync(context, encoder);
    }

    private IFluidTemplate Parse(string relativePath)
    {
        var path = Path.Combine(_folder, relativePath);
        var source = File.ReadAllText(path);
        return Parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Mail template {path} does not parse: {error}");
    }
}

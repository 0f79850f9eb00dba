using System.Text;
using Kinerja.Engine;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinerja.Host.Pages.Admin;

/// <summary>The XML of one deployed version, as a .bpmn download; 404 for an unknown key or version.</summary>
public sealed class DefinisiXmlModel(WorkflowEngine engine) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string key, int version, CancellationToken cancellationToken)
    {
        var definition = (await engine.ListDefinitionsAsync(key, cancellationToken)).FirstOrDefault(d => d.Version == version);
        return definition is null
            ? NotFound()
            : File(Encoding.UTF8.GetBytes(definition.Xml), "application/xml", $"{definition.ProcessKey}-v{definition.Version}.bpmn");
    }
}

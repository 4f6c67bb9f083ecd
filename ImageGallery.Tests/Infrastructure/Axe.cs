using System.Text.Json;
using Deque.AxeCore.Commons;

namespace ImageGallery.Tests.Infrastructure;

// axe-core (the copy bundled in Deque.AxeCore.Commons, so nothing test-only ships in the
// app's wwwroot) run inside the page the browser shows, as it is at that moment.
public static class Axe
{
    private static readonly Lazy<string> Source = new(() => new BundledAxeScriptProvider().GetScript());

    // "rule-id (impact): help — selectors" for every serious or critical violation.
    public static IReadOnlyList<string> SeriousViolations(ChromeBrowser browser)
    {
        // WebDriver runs scripts outside the page's CSP, so a strict policy does not stop it.
        if (browser.Script("return typeof window.axe === 'object';") is not true) browser.Script(Source.Value);
        browser.Driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(60);
        var json = browser.Driver.ExecuteAsyncScript("""
            const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] })
                .then(r => done(JSON.stringify(r.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', ')}`))))
                .catch(e => done(JSON.stringify([`axe failed: ${e}`])));
            """) as string ?? "[\"axe returned nothing\"]";
        return JsonSerializer.Deserialize<string[]>(json)!;
    }
}

namespace ReplyX.Rollout.Core.Diagnostics;

/// <summary>Collects every problem of a validation run, so all of them are reported at once.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Any(d => d.IsError);

    public void Error(string code, string file, SourcePosition position, string message) =>
        _items.Add(new Diagnostic(DiagnosticSeverity.Error, code, message, file, position));

    public void Warning(string code, string file, SourcePosition position, string message) =>
        _items.Add(new Diagnostic(DiagnosticSeverity.Warning, code, message, file, position));

    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);

    public IReadOnlyList<Diagnostic> Sorted() =>
        [.. _items.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Position.Line).ThenBy(d => d.Position.Column).ThenBy(d => d.Code, StringComparer.Ordinal)];
}

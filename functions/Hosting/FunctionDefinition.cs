namespace Serverless.Functions.Hosting;

/// <summary>One function of the app as the Functions host sees it: its name and the bindings of its function.json.</summary>
public sealed record FunctionDefinition(string Name, IReadOnlyList<IReadOnlyDictionary<string, object>> Bindings)
{
    public string TriggerType => (string)Bindings[0]["type"];
}

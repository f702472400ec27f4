using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Security;

namespace Serverless.Functions.Hosting;

/// <summary>
/// Runs an <see cref="ApiRoute"/>'s handler for an HTTP function invocation, as endpoint routing does locally: the
/// route values from the path, the officials' authentication, every policy of the route (401 unsigned, 403 refused),
/// then the handler itself, built once per route by ASP.NET Core's <see cref="RequestDelegateFactory"/> (the same
/// parameter binding and results as the minimal API endpoints).
/// </summary>
public sealed class ApiDispatcher
{
    /// <summary>The function serving the console's static files.</summary>
    public const string ConsoleFiles = "Console_Files";

    private readonly Dictionary<string, (ApiRoute Route, TemplateMatcher Matcher, RequestDelegate Invoke)> _routes;
    private readonly IAuthorizationService _authorization;
    private readonly DurableClientAccessor _clients;

    public ApiDispatcher(IServiceProvider services, IAuthorizationService authorization, DurableClientAccessor clients)
    {
        _authorization = authorization;
        _clients = clients;
        _routes = ApiRoutes.All.ToDictionary(r => r.Function, r =>
        {
            var template = TemplateParser.Parse(r.Template.TrimStart('/'));
            var invoke = RequestDelegateFactory.Create(r.Handler, new RequestDelegateFactoryOptions
            {
                ServiceProvider = services,
                RouteParameterNames = [.. template.Parameters.Select(p => p.Name!)],
            }).RequestDelegate;
            return (r, new TemplateMatcher(template, new RouteValueDictionary()), invoke);
        }, StringComparer.Ordinal);
    }

    public async Task<IActionResult> InvokeAsync(string function, HttpRequest request, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _clients.RunAsync(client, () => InvokeAsync(function, request.HttpContext));
        return new EmptyResult();
    }

    private async Task InvokeAsync(string function, HttpContext context)
    {
        var (route, matcher, invoke) = _routes[function];
        if (!matcher.TryMatch(context.Request.Path, context.Request.RouteValues))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!route.Anonymous)
        {
            var signedIn = await context.AuthenticateAsync(OfficialsAuthenticationHandler.SchemeName);
            if (signedIn.Succeeded)
            {
                context.User = signedIn.Principal;
            }

            foreach (var policy in route.Policies)
            {
                if (!(await _authorization.AuthorizeAsync(context.User, null, policy)).Succeeded)
                {
                    context.Response.StatusCode = signedIn.Succeeded ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
                    return;
                }
            }
        }

        if (RequestBounds.RouteProblem(context.Request.RouteValues) is { } problem)
        {
            await RequestBounds.Refusal(problem).ExecuteAsync(context);
            return;
        }

        await invoke(context);
    }

    /// <summary>A file of the console (wwwroot/console), or its index page; never a path outside that folder.</summary>
    public static async Task<IActionResult> ServeConsoleFileAsync(HttpRequest request, string? path)
    {
        ArgumentNullException.ThrowIfNull(request);
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "wwwroot", "console"));
        var file = Path.GetFullPath(Path.Combine(root, string.IsNullOrEmpty(path) ? "index.html" : path));
        var response = request.HttpContext.Response;
        if (!file.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(file))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return new EmptyResult();
        }

        response.ContentType = new FileExtensionContentTypeProvider().TryGetContentType(file, out var type) ? type : "application/octet-stream";
        await response.SendFileAsync(file);
        return new EmptyResult();
    }
}

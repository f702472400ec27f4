namespace Serverless.Functions.Security;

/// <summary>
/// What every answer of the console and the API carries, and which requests are refused before any handler: the
/// console loads only its own script and styles (no inline script), no page may frame it, answers are not sniffed,
/// API answers are not cached, and no state-changing request may come as a form or plain text — the only bodies a
/// cross-site page can send without asking, so a signed-in official's browser cannot be made to post one.
/// </summary>
public static class HttpHardening
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly string[] CrossSiteBodies = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

    /// <summary>Sets the headers of the answer to <paramref name="context"/>'s request.</summary>
    public static void AddHeaders(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            headers.CacheControl = "no-store";
        }
    }

    /// <summary>Whether the request changes state with a form or text body (refused with 415).</summary>
    public static bool IsCrossSiteBody(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
            && request.ContentType is { } type && CrossSiteBodies.Any(t => type.StartsWith(t, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The local host's middleware: headers on every answer, cross-site bodies refused.</summary>
    public static IApplicationBuilder UseHttpHardening(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        AddHeaders(context);
        if (IsCrossSiteBody(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        await next(context);
    });
}

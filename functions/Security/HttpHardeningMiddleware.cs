using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Serverless.Functions.Security;

/// <summary>The same <see cref="HttpHardening"/> under the Functions host, for every HTTP-triggered invocation.</summary>
public sealed class HttpHardeningMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is { } http)
        {
            HttpHardening.AddHeaders(http);
            if (HttpHardening.IsCrossSiteBody(http.Request))
            {
                http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                return;
            }
        }

        await next(context);
    }
}

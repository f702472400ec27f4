using Microsoft.AspNetCore.Http.HttpResults;

namespace Serverless.Functions.Hosting;

/// <summary>An error answer as ProblemDetails with a stable <c>code</c> extension, which the console translates.</summary>
public static class ApiProblem
{
    public static ProblemHttpResult Of(int status, string code, string title, string detail)
        => TypedResults.Problem(detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });

    public static ProblemHttpResult BadRequest(string code, string detail) => Of(StatusCodes.Status400BadRequest, code, "Bad request", detail);

    public static ProblemHttpResult NotFound(string code, string detail) => Of(StatusCodes.Status404NotFound, code, "Not found", detail);

    public static ProblemHttpResult Conflict(string code, string detail) => Of(StatusCodes.Status409Conflict, code, "Conflict", detail);
}

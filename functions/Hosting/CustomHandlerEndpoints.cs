using System.Globalization;
using System.Text.Json;
using Serverless.Durable;
using Serverless.Durable.Messaging;
using Serverless.Durable.Worker;

namespace Serverless.Functions.Hosting;

/// <summary>
/// The Azure Functions custom-handler protocol: the host POSTs <c>{"Data":…,"Metadata":…}</c> to <c>/{FunctionName}</c>
/// and reads back <c>{"Outputs":…,"Logs":…,"ReturnValue":…}</c>; a non-2xx answer makes the host retry (and, after
/// its dequeue limit, poison). Blob content is read through the SDK from the blob path, not from the base64 Data.
/// HTTP functions are forwarded unchanged (enableForwardingHttpRequest) to the app's normal endpoints.
/// </summary>
public static class CustomHandlerEndpoints
{
    public static IEndpointRouteBuilder MapCustomHandler(this IEndpointRouteBuilder app)
    {
        app.MapPost("/{functionName}", InvokeAsync).ExcludeFromDescription();
        return app;
    }

    public static async Task<IResult> InvokeAsync(string functionName, HttpRequest request, IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(services);
        var logs = new List<string>();
        try
        {
            using var payload = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            var root = payload.RootElement;
            var metadata = Property(root, "Metadata") ?? default;
            var data = Property(root, "Data") ?? default;
            var storage = services.GetRequiredService<StorageClients>();
            if (functionName is FunctionCatalog.BidUpload or FunctionCatalog.ApplicationUpload)
            {
                var path = Text(metadata, "BlobTrigger") ?? throw new InvalidOperationException("Metadata.BlobTrigger is missing.");
                var slash = path.IndexOf('/', StringComparison.Ordinal);
                var (container, name) = (path[..slash], path[(slash + 1)..]);
                var properties = await storage.Blobs.GetBlobContainerClient(container).GetBlobClient(name).GetPropertiesAsync(cancellationToken: cancellationToken);
                var upload = new BlobUpload(container, name, properties.Value.ETag.ToString(), properties.Value.CreatedOn);
                await services.GetServices<IBlobUploadHandler>().Single(h => h.Container == container).HandleAsync(upload, cancellationToken);
                logs.Add($"Handled upload {path}");
            }
            else if (functionName == FunctionCatalog.StatusIndexRebuild)
            {
                // The status index is eventually consistent; rebuilding it nightly from the instance partitions repairs any loss.
                await services.GetRequiredService<Durable.Storage.IDurableBackend>().RebuildIndexAsync(cancellationToken);
                var pastDue = Property(Property(data, "timer") ?? default, "IsPastDue")?.ValueKind == JsonValueKind.True;
                logs.Add(pastDue ? "Rebuilt the status index (past due)" : "Rebuilt the status index");
            }
            else if (functionName == FunctionCatalog.FundCollectionTimer)
            {
                // The host fires at the CST schedule (WEBSITE_TIME_ZONE); the instance ids make a repeated firing a no-op.
                var started = await ReserveFund.FundTimer.FireAsync(services.GetRequiredService<Durable.DurableTaskClient>(),
                    services.GetRequiredService<Domain.ReserveFund.FundParameters>(), services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken);
                logs.Add($"Started {started.Count} collection(s): {string.Join(", ", started)}");
            }
            else if (functionName is FunctionCatalog.ComplexReviewTimer or FunctionCatalog.GeneralReviewTimer)
            {
                var kind = functionName == FunctionCatalog.ComplexReviewTimer ? Reviews.ReviewKinds.Complex : Reviews.ReviewKinds.General;
                await Reviews.ReviewsModule.FireAsync(services, services.GetRequiredService<TimeProvider>().GetUtcNow(), kind, cancellationToken);
                logs.Add($"Fired the {kind} review");
            }
            else if (functionName == FunctionCatalog.DurableWorkItems || functionName.StartsWith(FunctionCatalog.ControlPrefix, StringComparison.Ordinal))
            {
                var received = QueueMessage(functionName, data, metadata);
                var worker = services.GetRequiredService<DurableTaskWorker>();
                if (received.Message.IsActivity)
                {
                    await worker.ProcessWorkItemAsync(received, cancellationToken);
                }
                else
                {
                    await worker.ProcessControlMessageAsync(received, cancellationToken);
                }

                logs.Add($"Applied {received.Message.Kind} for {received.Message.InstanceId}");
            }
            else
            {
                return Reply([$"Unknown function {functionName}"], StatusCodes.Status404NotFound);
            }

            return Reply(logs, StatusCodes.Status200OK);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logs.Add($"{functionName} failed: {error.GetType().Name}: {error.Message}");
            return Reply(logs, StatusCodes.Status500InternalServerError);
        }
    }

    /// <summary>The response shape the host reads, with its exact (Pascal-case) property names.</summary>
    private static IResult Reply(IReadOnlyList<string> logs, int status)
        => Results.Json(new { Outputs = new Dictionary<string, object>(), Logs = logs, ReturnValue = (object?)null }, ProtocolJson, statusCode: status);

    private static readonly JsonSerializerOptions ProtocolJson = new();

    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static ReceivedMessage QueueMessage(string functionName, JsonElement data, JsonElement metadata)
    {
        var body = Property(data, "message") ?? data;
        var text = body.ValueKind == JsonValueKind.String ? body.GetString()! : body.GetRawText();
        var work = JsonSerializer.Deserialize<WorkMessage>(text, DurableJson.Options) ?? throw new InvalidOperationException("The queue message is empty.");
        var dequeueCount = Text(metadata, "DequeueCount") is { } count ? long.Parse(count, CultureInfo.InvariantCulture) : 1;
        return new ReceivedMessage(work, ReceivedMessage.HostOwnedPrefix + functionName, Text(metadata, "Id") ?? work.Id, Text(metadata, "PopReceipt") ?? string.Empty, dequeueCount);
    }

    private static string? Text(JsonElement element, string name)
        => Property(element, name) is { } value ? (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()) : null;
}

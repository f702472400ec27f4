using System.Net.Http.Headers;

namespace Serverless.Reliability.Chaos;

/// <summary>
/// Calls the app as a person would across host kills and storage restarts: on a dropped connection, a timeout or a
/// storage error, wait a moment and send the same request again to whichever host is up.
/// </summary>
public sealed class RetryingCaller(IReadOnlyList<HostProcessRunner> hosts)
{
    public async Task<T> RetryAsAsync<T>(string bearer, Func<HttpClient, Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var attempt = 0; ; attempt++)
        {
            var host = hosts.FirstOrDefault(p => p.IsRunning) ?? hosts[0];
            using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            try
            {
                return await call(http);
            }
            catch (Exception error) when (attempt < 200 && error is HttpRequestException or TaskCanceledException or Azure.RequestFailedException or InvalidOperationException)
            {
                await Task.Delay(300);
            }
        }
    }
}

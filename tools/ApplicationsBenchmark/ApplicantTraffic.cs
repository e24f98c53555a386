using System.Net;
using System.Net.Http.Json;

namespace HelperPlatform.ApplicationsBenchmark;

/// <summary>
/// Applications as the host sees them behind a trusted proxy: each legitimate applicant comes from an address
/// of its own (the proxy's <c>X-Forwarded-For</c>), the flood from one address.
/// </summary>
internal sealed class ApplicantTraffic(HttpClient client, string skill)
{
    public const string FloodAddress = "203.0.113.66";
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private int applicants;

    public async Task<HttpStatusCode> ApplyAsLegitimateApplicantAsync()
    {
        var number = Interlocked.Increment(ref applicants);
        return await ApplyAsync($"10.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}", number);
    }

    public Task<HttpStatusCode> ApplyAsFloodAsync() => ApplyAsync(FloodAddress, Interlocked.Increment(ref applicants));

    private async Task<HttpStatusCode> ApplyAsync(string address, int number)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications")
        {
            Content = JsonContent.Create(new
            {
                name = $"Applicant {number}",
                email = $"bench-{run}-{number}@example.test",
                phone = $"+49151{number:D8}",
                skills = new[] { skill },
                city = "Berlin",
            }),
        };
        request.Headers.Add("X-Forwarded-For", address);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}

using System.Net.Http.Headers;
using System.Text;

namespace G4F.Backend.AspNetCore.Tests.Credentials;

/// <summary>Posts cookie files as the official client does: one part named <c>file</c>.</summary>
internal static class CookieUploads
{
    public const string Path = "/backend-api/v2/upload_cookies";

    public static async Task<HttpResponseMessage> UploadCookiesAsync(this HttpClient client, string fileName, string content, string field = "file")
    {
        using var form = new MultipartFormDataContent("cookie-boundary-3b9e");
        var part = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        part.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = $"\"{field}\"", FileName = $"\"{fileName}\"" };
        form.Add(part);
        return await client.PostAsync(Path, form);
    }

    /// <summary>A browser extension's export: one cookie per object, expiry in Unix seconds.</summary>
    public static string Export(params (string Domain, string Name, string Value, long? Expires)[] cookies) =>
        "[" + string.Join(",", cookies.Select(c =>
            $$"""{"domain":"{{c.Domain}}","name":"{{c.Name}}","value":"{{c.Value}}","path":"/","secure":false,"hostOnly":false{{(c.Expires is { } e ? $",\"expirationDate\":{e}.5" : string.Empty)}}}""")) + "]";
}

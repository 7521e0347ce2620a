using Npgsql;

namespace ReplyX.Rollout.Controller.Configuration;

/// <summary>
/// Secrets are never shown: a URL keeps its scheme, host, port and path (its query string and user info can carry
/// tokens), a connection string loses its password. Every event, log line, API answer and report that names a
/// webhook or a database goes through here.
/// </summary>
public static class Redaction
{
    public static string Url(Uri url) =>
        $"{url.Scheme}://{url.Host}{(url.IsDefaultPort ? "" : ":" + url.Port)}{url.AbsolutePath}{(url.Query.Length > 1 || url.UserInfo.Length > 0 ? " (query and credentials redacted)" : "")}";

    public static string ConnectionString(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"Host={builder.Host};Port={builder.Port};Database={builder.Database};Username={builder.Username}";
        }
        catch (ArgumentException)
        {
            return "(an unreadable connection string)";
        }
    }

    /// <summary>Removes every occurrence of <paramref name="url"/>'s secret parts from a message (an exception's text may quote the URL).</summary>
    public static string Message(string message, Uri url) =>
        url.Query.Length > 1 ? message.Replace(url.ToString(), Url(url), StringComparison.Ordinal).Replace(url.Query, "", StringComparison.Ordinal) : message;
}

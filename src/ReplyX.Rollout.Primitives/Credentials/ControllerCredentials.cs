using System.Text.Json;

namespace ReplyX.Rollout.Primitives.Credentials;

/// <summary>
/// Where the CLI finds a controller and its API key without flags: <c>replyx-rollout login</c> writes this file, and
/// the AppHost writes it on every start with the key it generated (so a newcomer's first <c>replyx-rollout start</c>
/// works). It lives in the user's configuration folder (<c>$XDG_CONFIG_HOME/replyx-rollout/credentials.json</c>,
/// else <c>~/.config/...</c>; <c>REPLYX_ROLLOUT_CREDENTIALS</c> names another file), readable by its owner only.
/// The key is sent only to the controller it was written for.
/// </summary>
public sealed record ControllerCredentials(string Controller, string ApiKey)
{
    public const string FileVariable = "REPLYX_ROLLOUT_CREDENTIALS";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string DefaultPath =>
        Environment.GetEnvironmentVariable(FileVariable) is { Length: > 0 } file
            ? file
            : Path.Combine(
                Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } config ? config : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"),
                "replyx-rollout", "credentials.json");

    /// <summary>The saved credentials, or null when there is no file; a file that does not parse is an error that names it.</summary>
    public static ControllerCredentials? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var credentials = JsonSerializer.Deserialize<ControllerCredentials>(File.ReadAllText(path), Json);
            return credentials is { Controller.Length: > 0, ApiKey.Length: > 0 } ? credentials : throw new InvalidDataException($"{path} has no controller or apiKey.");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path} is not a credentials file: {exception.Message}", exception);
        }
    }

    /// <summary>Writes the file atomically with owner-only permissions (on Unix) before any byte of the key is in it.</summary>
    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, this, Json);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Whether this key belongs to <paramref name="controller"/> (same scheme, host and port).</summary>
    public bool IsFor(Uri controller) =>
        Uri.TryCreate(Controller, UriKind.Absolute, out var own) && Uri.Compare(own, controller, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    public override string ToString() => $"{Controller} (key ****)";
}

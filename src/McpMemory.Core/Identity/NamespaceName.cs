using System.Text.RegularExpressions;

namespace McpMemory.Core.Identity;

/// <summary>Rules for namespace names: they become folder names, so they are kept short and plain.</summary>
public static partial class NamespaceName
{
    /// <summary>The most characters a namespace name may have.</summary>
    public const int MaxLength = 64;

    /// <summary>Throws a clear error unless <paramref name="name"/> is a valid namespace name.</summary>
    public static string Validate(string? name, string field = "namespace")
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new McpMemoryException(McpMemoryErrorCodes.InvalidArgument, $"'{field}' is empty: give a namespace name such as 'default'.");
        }

        if (!Pattern().IsMatch(name))
        {
            throw new McpMemoryException(
                McpMemoryErrorCodes.InvalidArgument,
                $"'{field}' value '{Shorten(name)}' is not a valid namespace name: use 1 to {MaxLength} characters, lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }

        return name;
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 80), "…");

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

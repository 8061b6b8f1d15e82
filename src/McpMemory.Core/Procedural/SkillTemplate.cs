using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace McpMemory.Core.Procedural;

/// <summary>
/// Steps as templates: <c>{name}</c> is replaced by the value of parameter <c>name</c>; <c>{{</c> and <c>}}</c> stand for
/// literal braces; any other brace is kept as it is.
/// </summary>
public static partial class SkillTemplate
{
    /// <summary>The placeholders of <paramref name="step"/>, in order of first use.</summary>
    public static IReadOnlyList<string> Placeholders(string step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var names = new List<string>();
        foreach (Match match in Token().Matches(step))
        {
            if (match.Groups[1].Success && !names.Contains(match.Groups[1].Value, StringComparer.Ordinal))
            {
                names.Add(match.Groups[1].Value);
            }
        }

        return names;
    }

    /// <summary>
    /// Renders <paramref name="skill"/> with <paramref name="arguments"/>. Throws an <see cref="McpMemoryException"/>
    /// that names the argument when one is not a parameter of the skill, a required one is missing, or a value is not
    /// one of the parameter's allowed values. Optional parameters left out take their default (or nothing).
    /// </summary>
    public static RenderedSkill Render(Skill skill, IReadOnlyDictionary<string, string>? arguments, string field = "arguments")
    {
        ArgumentNullException.ThrowIfNull(skill);
        arguments ??= new Dictionary<string, string>();
        var declared = skill.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var unknown = arguments.Keys.Where(k => !declared.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            var known = declared.Count == 0 ? "it takes no parameters" : "its parameters are " + string.Join(", ", declared.Keys.Select(k => $"'{k}'"));
            throw Invalid($"'{field}.{unknown[0]}' is not a parameter of {skill.Kind} '{skill.Name}'{(unknown.Count > 1 ? $" (nor are {string.Join(", ", unknown.Skip(1).Select(u => $"'{u}'"))})" : "")}: {known}.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in skill.Parameters)
        {
            if (arguments.TryGetValue(parameter.Name, out var given) && given is not null)
            {
                if (parameter.Values.Count > 0 && !parameter.Values.Contains(given, StringComparer.Ordinal))
                {
                    throw Invalid($"'{field}.{parameter.Name}' is '{given}', which {skill.Kind} '{skill.Name}' does not allow: use one of {string.Join(", ", parameter.Values.Select(v => $"'{v}'"))}.");
                }

                values[parameter.Name] = given;
            }
            else if (parameter.Required)
            {
                var missing = skill.Parameters.Where(p => p.Required && !(arguments.TryGetValue(p.Name, out var v) && v is not null)).Select(p => $"'{p.Name}'").ToList();
                throw Invalid($"'{field}.{parameter.Name}' is missing: {skill.Kind} '{skill.Name}' needs it ({parameter.Description ?? "no description"}). Required: {string.Join(", ", missing)}.");
            }
            else
            {
                values[parameter.Name] = parameter.Default ?? "";
            }
        }

        var steps = skill.Steps.Select(step => Fill(step, values)).ToList();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{(skill.Kind == SkillKinds.Workflow ? "Workflow" : "Skill")} '{skill.Name}' (version {skill.Version}): {skill.Description}\n");
        if (skill.Tools.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Tools: {string.Join(", ", skill.Tools)}\n");
        }

        if (values.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Arguments: {string.Join(", ", values.Select(v => $"{v.Key}={v.Value}"))}\n");
        }

        text.Append('\n');
        for (var i = 0; i < steps.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i + 1}. {steps[i]}\n");
        }

        return new RenderedSkill(skill, values, steps, text.ToString().TrimEnd('\n'));
    }

    private static string Fill(string step, Dictionary<string, string> values) =>
        Token().Replace(step, match => match.Value switch
        {
            "{{" => "{",
            "}}" => "}",
            _ => values.TryGetValue(match.Groups[1].Value, out var value) ? value : match.Value,
        });

    private static McpMemoryException Invalid(string message) => new(McpMemoryErrorCodes.InvalidArgument, message);

    [GeneratedRegex(@"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
